"""The one schema: labels, closed sets and the exported JSON Schema come from the same declaration."""

import pytest

from generator.fieldtypes import Choice, FieldError
from generator.schema import REPLY_FIELDS, Disclosure, Reply, replies_json_schema

ISSUE_KEYS = ("title doc_number index_no issuer kind session item_no proposal_title proposer addressee "
              "handling_role co_units reply_category disclosure written_date published_date topics tags "
              "policies signatories contacts cc source_url attachments").split()


def test_every_key_of_the_record_format_is_declared_with_a_chinese_label():
    for key in ISSUE_KEYS:
        assert key in REPLY_FIELDS, key
        assert REPLY_FIELDS[key].label and not REPLY_FIELDS[key].label.isascii()
    assert REPLY_FIELDS["doc_number"].label == "发文字号"
    assert REPLY_FIELDS["written_date"].label == "成文日期"


def test_closed_sets_reject_unknown_values_with_a_suggestion():
    with pytest.raises(FieldError) as raised:
        Choice(Disclosure).convert("主动公布")
    assert raised.value.message == "“主动公布”不是允许的值（可选：主动公开、依申请公开、不予公开），是否应为“主动公开”？"
    assert Choice(Disclosure).convert("主动公开") is Disclosure.PUBLIC


def test_exported_json_schema_is_generated_from_the_record_fields():
    schema = replies_json_schema()["properties"]["replies"]["items"]
    exported = set(schema["properties"])
    assert exported >= set(ISSUE_KEYS) | {"id", "url", "body_text"}
    assert "privacy" not in exported
    assert schema["properties"]["disclosure"]["enum"] == ["主动公开", "依申请公开", "不予公开"]
    assert schema["properties"]["doc_number"]["title"] == "发文字号"
    assert schema["additionalProperties"] is False


def test_records_are_frozen():
    reply = Reply(title="t")
    with pytest.raises(Exception):
        reply.title = "changed"
