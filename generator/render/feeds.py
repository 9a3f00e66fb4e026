"""RSS 2.0 feed of the latest public replies, with correction notes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from ..resolve import Resolved
from ..schema import Reply
from .markup import cn_date

FEED_SIZE = 50


def rfc822(value: dt.date) -> str:
    return format_datetime(dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def item_description(reply: Reply) -> str:
    parts = [f"{reply.summary}。"]
    if reply.proposal_title:
        parts.append(f"建议提案：《{reply.proposal_title}》。")
    if reply.reply_category:
        parts.append(f"答复类别：{reply.reply_category.value}类。")
    for change in sorted(reply.changes, key=lambda c: c.date):
        parts.append(f"更正说明（{cn_date(change.date)}）：{change.note}")
    return "".join(parts)


def feed_sort_key(reply: Reply):
    latest = reply.updated or reply.publication_date
    return (-(latest.toordinal() if latest else 0), reply.id)


def render_feed(resolved: Resolved) -> str:
    site = resolved.selection.site
    base = site.site_url.rstrip("/") + "/"
    replies = sorted(resolved.selection.listed, key=feed_sort_key)[:FEED_SIZE]
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = site.name
    ET.SubElement(channel, "link").text = base
    ET.SubElement(channel, "description").text = site.description or site.name
    ET.SubElement(channel, "language").text = "zh-CN"
    ET.SubElement(channel, "atom:link", {"href": base + "feed.xml", "rel": "self", "type": "application/rss+xml"})
    if replies:
        newest = max((r.updated or r.publication_date) for r in replies)
        ET.SubElement(channel, "lastBuildDate").text = rfc822(newest)
    for reply in replies:
        item = ET.SubElement(channel, "item")
        title = reply.display_title + ("（已更正）" if reply.changes else "")
        ET.SubElement(item, "title").text = title
        ET.SubElement(item, "link").text = base + reply.url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = base + reply.url
        ET.SubElement(item, "pubDate").text = rfc822(reply.publication_date)
        if reply.issuer:
            ET.SubElement(item, "author").text = reply.issuer
        ET.SubElement(item, "category").text = reply.kind.value
        ET.SubElement(item, "description").text = item_description(reply)
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"
