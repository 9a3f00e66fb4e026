"""Signatories, contact people and 抄送 from the lines around the body."""

from __future__ import annotations

from .lines import cc_in, doc_number_line, parse_people, plain, split_contact, split_list
from .parts import Parts

# Labels that name no role of their own ("联系人：童汝慧" has no role to record).
GENERIC_CONTACT_LABELS = ("联系人", "联系人姓名", "联系人及电话", "联系人及联系电话", "联系人及联系方式")


def people_pairs(parts: Parts) -> list[tuple[str, str, str]]:
    pairs = []
    for text in (*parts.header_texts, *parts.closing_texts):
        found = doc_number_line(text)
        pairs.extend(found[2] if found else parse_people(text) or [])
    return pairs


def find_signatories(parts: Parts) -> list[dict]:
    """区政府分管领导：焦杨 → {role, name}; several names under one role give several entries."""
    signatories = []
    for kind, label, value in people_pairs(parts):
        if kind == "signatory":
            signatories.extend({"role": label, "name": name} for name in split_list(value))
    return signatories


def find_contacts(parts: Parts) -> tuple[list[dict], list[str]]:
    """Contacts as {role, name, phone}, and phone numbers no contact name goes with.

    A 联系电话 line belongs to the contact named before it (or, when the number
    comes first, to the next one named).
    """
    contacts: list[dict] = []
    waiting_phones: list[str] = []
    for kind, label, value in people_pairs(parts):
        if kind == "contact":
            name, phone = split_contact(value)
            contact = {"role": "" if label in GENERIC_CONTACT_LABELS else label, "name": name, "phone": phone}
            if not phone and waiting_phones:
                contact["phone"] = waiting_phones.pop(0)
            contacts.append(contact)
        elif kind == "phone":
            if contacts and not contacts[-1]["phone"]:
                contacts[-1]["phone"] = value
            else:
                waiting_phones.append(value)
    return [{key: value for key, value in contact.items() if value} for contact in contacts], waiting_phones


def find_cc(parts: Parts) -> list[str]:
    """抄送：A，B。 — a list that runs on to the next line when it ends with a comma."""
    texts = parts.closing_texts
    for index, text in enumerate(texts):
        if cc_in(text) is None:
            continue
        listed = plain(text)
        for following in texts[index + 1 :]:
            if not listed.endswith(("，", ",", "、")):
                break
            listed += following
        return cc_in(listed)
    return []
