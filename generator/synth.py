"""Synthetic content trees for load tests: ``python -m generator synth``.

Writes a deterministic content directory (site.yml, policies, replies,
pages, search/userdict.txt) shaped like the real archive: Chinese letter
bodies of about 3.5 KB built from words drawn by frequency from jieba's own
dictionary, section headings 一、二、三、, 一是/二是 enumerations, mentions of
policies by 《title》 and by 文号, many issuing units, 人大 and 政协 sessions
whose text agrees with their term and meeting, categories A–D, topics from
site.yml, 主办 and 会办 letters answering the same item, and about 5% of
records that are not public.  Same seed, same bytes.

Nothing here is read by the build; it only feeds ``benchmarks/bench.py`` and
the tests.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
import shutil
from pathlib import Path

import yaml

from .conventions import chinese_numeral

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

YEARS = tuple(range(2019, 2026))
LAST_DATE = dt.date(2025, 12, 20)  # fixed, so output never depends on the clock
SECTION_NUMERALS = ("一", "二", "三", "四", "五", "六")
ORDINALS = ("一是", "二是", "三是", "四是", "五是")
PUNCT_SOFT = ("，", "，", "，", "、", "；")
BODY_BYTES = (1600, 3400)  # body size range; averages about 3.5 KB of UTF-8

# (name, 文号 prefix, id code)
UNITS = (
    ("湖里区人力资源和社会保障局", "厦湖人社函", "rsj"),
    ("湖里区教育局", "厦湖教函", "jyj"),
    ("湖里区科技和工业信息化局", "厦湖科工函", "kgj"),
    ("湖里区民政局", "厦湖民函", "mzj"),
    ("湖里区财政局", "厦湖财函", "czj"),
    ("湖里区住房和建设局", "厦湖建函", "jsj"),
    ("湖里区交通运输局", "厦湖交函", "jtj"),
    ("湖里区卫生健康局", "厦湖卫函", "wjj"),
    ("湖里区市场监督管理局", "厦湖市监函", "scj"),
    ("湖里区农业农村局", "厦湖农函", "nyj"),
    ("湖里区文化和旅游局", "厦湖文旅函", "wlj"),
    ("湖里区应急管理局", "厦湖应急函", "yjj"),
    ("湖里区生态环境局", "厦湖环函", "hbj"),
    ("湖里区城市管理局", "厦湖城管函", "cgj"),
    ("湖里区商务局", "厦湖商函", "swj"),
    ("湖里区发展和改革局", "厦湖发改函", "fgj"),
    ("湖里区数据管理局", "厦湖数据函", "sjj"),
    ("湖里区退役军人事务局", "厦湖退役函", "tyj"),
    ("湖里区司法局", "厦湖司函", "sfj"),
    ("湖里区统计局", "厦湖统函", "tjj"),
    ("湖里区审计局", "厦湖审函", "shj"),
    ("湖里区体育局", "厦湖体函", "tyu"),
    ("湖里区医疗保障局", "厦湖医保函", "ybj"),
    ("湖里区自然资源和规划局", "厦湖资规函", "zrj"),
    ("湖里区水利局", "厦湖水函", "slj"),
    ("湖里区人民政府殿前街道办事处", "厦湖殿街函", "dq"),
    ("湖里区人民政府禾山街道办事处", "厦湖禾街函", "hs"),
    ("湖里区人民政府湖里街道办事处", "厦湖湖街函", "hl"),
    ("湖里区人民政府江头街道办事处", "厦湖江街函", "jt"),
    ("湖里区人民政府金山街道办事处", "厦湖金街函", "js"),
    ("湖里区公安分局", "厦湖公函", "gaj"),
    ("湖里区消防救援大队", "厦湖消函", "xf"),
    ("湖里区税务局", "厦湖税函", "sw"),
    ("湖里区残疾人联合会", "厦湖残联函", "cl"),
    ("湖里区妇女联合会", "厦湖妇联函", "fl"),
    ("湖里区总工会", "厦湖工会函", "gh"),
)

# First meeting years of the 人大 and 政协 terms (five-year terms).
NPC_TERMS = ((2017, 17), (2022, 18))
CPPCC_TERMS = ((2017, 8), (2022, 9))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "明华建国志伟芳秀英敏静丽强磊军洋勇艳杰娟涛超斌波辉刚平玲桂兰红霞鹏飞林海燕琳晨宇浩然子轩梓涵思雨欣怡佳俊博文雅婷诗颖长发金杨"
LEADER_ROLES = ("区政府分管领导", "承办单位领导", "承办单位主要领导")
CC_UNITS = (("区人大常委会选举任免联络工作委员会", "区政府办公室"), ("区政协提案委员会", "区政府办公室"))

POLICY_SUBJECTS = (
    "人才引进", "技能人才培养", "高校毕业生就业", "创业担保贷款", "数字经济发展", "工业互联网", "专精特新企业培育",
    "科技成果转化", "保障性租赁住房", "老旧小区改造", "城市更新", "公交优先发展", "停车设施建设", "居家养老服务",
    "社区嵌入式养老", "托育服务", "义务教育优质均衡", "学前教育普惠", "校外培训治理", "社会救助", "困难群众帮扶",
    "残疾人就业", "退役军人就业", "乡村振兴", "农村人居环境整治", "耕地保护", "历史风貌建筑保护", "生态环境保护",
    "垃圾分类", "河湖长制", "安全生产", "消防安全", "食品安全", "营商环境", "招商引资", "楼宇经济", "夜间经济",
    "文旅融合", "全民健身", "医疗卫生服务", "医保支付", "公共数据开放", "政务服务", "基层治理", "网格化管理",
    "志愿服务", "优化生育", "妇女儿童权益", "劳动关系", "欠薪治理",
)
POLICY_FORMS = ("若干措施", "实施意见", "实施方案", "管理办法", "工作方案", "行动计划", "扶持办法")
POLICY_ISSUERS = (("厦门市湖里区人民政府", "厦湖政"), ("厦门市湖里区人民政府办公室", "厦湖政办"),
                  ("中共厦门市湖里区委", "厦湖委"), ("厦门市湖里区人力资源和社会保障局", "厦湖人社"))
SYNTHETIC_POLICIES = 40
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{1,6}$")


class Words:
    """Words of jieba's dictionary, drawn in proportion to their frequency."""

    def __init__(self, rng: random.Random, limit: int = 60_000):
        import jieba

        path = Path(jieba.__file__).resolve().parent / "dict.txt"
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and HAN_WORD.match(parts[0]) and parts[1].isdigit():
                entries.append((parts[0], int(parts[1])))
        # Most frequent first; ties by the word so the order is fixed.
        entries.sort(key=lambda e: (-e[1], e[0]))
        entries = entries[:limit]
        self.words = [word for word, _ in entries]
        self.cumulative = list(itertools.accumulate(freq for _, freq in entries))
        self.rng = rng

    def word(self) -> str:
        point = self.rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_right(self.cumulative, point)]

    def phrase(self, low: int, high: int) -> str:
        return "".join(self.word() for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        rng = self.rng
        clauses = [self.phrase(3, 8) for _ in range(rng.randint(1, 4))]
        text = clauses[0]
        for clause in clauses[1:]:
            text += rng.choice(PUNCT_SOFT) + clause
        return text + "。"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def session_of(body: str, year: int) -> dict:
    terms = NPC_TERMS if body == "人大" else CPPCC_TERMS
    start, term = next((s, t) for s, t in reversed(terms) if s <= year)
    meeting = year - start + 1
    if body == "人大":
        text = f"区第{chinese_numeral(term)}届人大第{chinese_numeral(meeting)}次会议"
    else:
        text = f"区政协{chinese_numeral(term)}届{chinese_numeral(meeting)}次会议"
    return {"body": body, "term": term, "meeting": meeting, "text": text}


def synthetic_policies(rng: random.Random) -> list[dict]:
    policies = []
    used = set()
    for index in range(SYNTHETIC_POLICIES):
        subject = POLICY_SUBJECTS[index % len(POLICY_SUBJECTS)]
        form = rng.choice(POLICY_FORMS)
        issuer, prefix = rng.choice(POLICY_ISSUERS)
        year = rng.randint(2016, 2024)
        seq = rng.randint(1, 120)
        while (prefix, year, seq) in used:
            seq += 1
        used.add((prefix, year, seq))
        title = f"湖里区关于{'促进' if index % 3 else '加强'}{subject}的{form}"
        policies.append({
            "id": f"synth-policy-{index + 1:03d}",
            "title": title,
            "doc_number": f"{prefix}〔{year}〕{seq}号",
            "issuer": issuer,
            "date": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            "summary": f"{title}，围绕{subject}提出支持措施（合成数据）。",
        })
    return policies


def yaml_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def body_for(rng: random.Random, words: Words, rec: dict, policies: list[dict]) -> str:
    target = rng.randint(*BODY_BYTES)
    cited = rng.sample(policies, rng.randint(0, 3))
    opening = (f"您在{rec['session']['text']}期间提出的《{rec['proposal_title']}》"
               f"（第{rec['item_no']}号）收悉，现将办理情况答复如下：")
    paragraphs = [opening]
    headings = ["基本情况", "主要措施和成效", "存在的问题", "下一步工作"]
    if rng.random() < 0.4:
        headings.insert(2, "办理过程")
    section_budget = target // len(headings)
    for index, heading in enumerate(headings):
        title = heading if rng.random() < 0.6 else heading + words.phrase(1, 3)
        paragraphs.append(f"## {SECTION_NUMERALS[index]}、{title}")
        spent = 0
        while spent < section_budget:
            if rng.random() < 0.5:
                parts = [ORDINALS[i] + words.phrase(2, 5) + "。" + words.sentence()
                         for i in range(rng.randint(2, 4))]
                text = "".join(parts)
            else:
                text = "".join(words.sentence() for _ in range(rng.randint(2, 5)))
            if cited and rng.random() < 0.35:
                policy = cited[rng.randrange(len(cited))]
                by_title = rng.random() < 0.6 or not policy["doc_number"]
                mention = f"《{policy['title']}》" if by_title else f"（{policy['doc_number']}）"
                cut = text.find("。") + 1
                text = text[:cut] + f"根据{mention}，" + words.sentence() + text[cut:]
            if rng.random() < 0.25:
                text = text[:-1] + f"，累计{rng.randint(2, 900)}{rng.choice(('人次', '家', '项', '万元', '场次'))}。"
            paragraphs.append(text)
            spent += len(text.encode())
    paragraphs.append(f"感谢您对{rng.choice(('我区', '我局', '本单位'))}工作的关心和支持，欢迎继续提出宝贵意见。")
    return "\n\n".join(paragraphs) + "\n"


def plan_records(rng: random.Random, count: int) -> list[dict]:
    """Decide who answers what: items with one 主办 letter and sometimes 会办 letters."""
    records: list[dict] = []
    seq_by_key: dict = {}
    per_year = -(-count // len(YEARS))
    for year in YEARS:
        for body in ("人大", "政协"):
            seq_by_key[(year, body)] = 0
    while len(records) < count:
        year = YEARS[len(records) // per_year]
        body = "人大" if rng.random() < 0.5 else "政协"
        kind = "人大建议" if body == "人大" else "政协提案"
        seq_by_key[(year, body)] += 1
        seq = seq_by_key[(year, body)]
        item_no = f"{year}{1 if body == '人大' else 3}{seq:03d}" if seq < 1000 else f"{year}{1 if body == '人大' else 3}{seq}"
        units = rng.sample(UNITS, 1 + (rng.random() < 0.25) + (rng.random() < 0.1))
        subject = rng.choice(POLICY_SUBJECTS)
        proposal_title = f"关于{rng.choice(('进一步', '加快', '加强', '完善', '推动', '优化'))}{subject}{rng.choice(('工作', '服务', '建设', '保障'))}的{'建议' if body == '人大' else '提案'}"
        proposer = person(rng) + ("代表" if body == "人大" else "委员")
        for role_index, unit in enumerate(units):
            if len(records) >= count:
                break
            records.append({
                "year": year, "body": body, "kind": kind, "item_no": item_no, "unit": unit,
                "role": ("主办" if role_index == 0 else "会办") if len(units) > 1 else None,
                "co_units": [u[0] for u in units[1:]] if role_index == 0 and len(units) > 1 else [],
                "proposal_title": proposal_title, "proposer": proposer, "subject": subject,
            })
    return records


def synthesise(count: int, out: Path, seed: int = 1) -> dict:
    """Write ``count`` synthetic replies under ``out``; return a few counts."""
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "replies").mkdir(parents=True)
    shutil.copy2(CONTENT / "site.yml", out / "site.yml")
    shutil.copytree(CONTENT / "policies", out / "policies")
    if (CONTENT / "pages").exists():
        shutil.copytree(CONTENT / "pages", out / "pages")
    (out / "search").mkdir()
    shutil.copy2(CONTENT / "search" / "userdict.txt", out / "search" / "userdict.txt")
    site = yaml.safe_load((CONTENT / "site.yml").read_text(encoding="utf-8"))
    topics = [t["slug"] for t in site.get("topics", [])]

    real_policies = []
    for path in sorted((CONTENT / "policies").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        real_policies.append({"id": path.stem, "title": data["title"], "doc_number": data.get("doc_number") or ""})
    policies = synthetic_policies(rng)
    for policy in policies:
        data = {k: v for k, v in policy.items() if k != "id"}
        (out / "policies" / f"{policy['id']}.yml").write_text(yaml_text(data), encoding="utf-8")
    mentionable = policies + real_policies

    words = Words(rng)
    doc_seq: dict = {}
    withheld = 0
    for index, rec in enumerate(plan_records(rng, count)):
        year = rec["year"]
        name, prefix, code = rec["unit"]
        session = session_of(rec["body"], year)
        rec["session"] = session
        written = dt.date(year, rng.randint(4, 11), rng.randint(1, 28))
        published = written + dt.timedelta(days=rng.randint(0, 30)) if rng.random() < 0.5 else None
        if published and published > LAST_DATE:
            published = LAST_DATE
        public = rng.random() >= 0.05
        disclosure = "主动公开" if public else rng.choice(("依申请公开", "不予公开"))
        withheld += not public
        doc_seq[(prefix, year)] = doc_seq.get((prefix, year), 0) + rng.randint(1, 3)
        noun = "建议" if rec["kind"] == "人大建议" else "提案"
        front = {}
        if rng.random() < 0.85:
            front["title"] = f"关于{session['text']}第{rec['item_no']}号{noun}办理情况答复的函"
        if rng.random() < 0.92:
            front["doc_number"] = f"{prefix}〔{year}〕{doc_seq[(prefix, year)]}号"
        front["index_no"] = f"XM{code.upper()}-{year}-{index + 1:05d}"
        front["issuer"] = name
        front["kind"] = rec["kind"]
        front["session"] = session
        front["item_no"] = rec["item_no"]
        front["proposal_title"] = rec["proposal_title"]
        front["proposer"] = rec["proposer"]
        front["addressee"] = rec["proposer"]
        if rec["role"]:
            front["handling_role"] = rec["role"]
        if rec["co_units"]:
            front["co_units"] = rec["co_units"]
        front["reply_category"] = rng.choices("ABCD", weights=(45, 35, 15, 5))[0]
        front["disclosure"] = disclosure
        front["written_date"] = written
        if published:
            front["published_date"] = published
        front["topics"] = rng.sample(topics, rng.randint(1, 3)) if topics else []
        explicit = rng.sample(mentionable, rng.randint(0, 2))
        if explicit:
            front["policies"] = [p["id"] for p in explicit]
        front["signatories"] = [{"role": role, "name": person(rng)} for role in rng.sample(LEADER_ROLES, rng.randint(1, 2))]
        front["contacts"] = [{"role": "承办单位联系人", "name": person(rng),
                              "phone": f"0592-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"}]
        front["cc"] = list(CC_UNITS[rec["body"] == "政协"])
        first = published or written
        roll = rng.random()
        if public and roll < 0.02 and first < dt.date(2025, 6, 1):
            change = first + dt.timedelta(days=rng.randint(1, 60))
            front["updated"] = change
            front["changes"] = [{"date": change, "note": "更正" + words.phrase(2, 4) + "的表述。"}]
        elif public and roll < 0.025:
            front["status"] = "已撤回"
            front["withdrawal"] = {"date": first + dt.timedelta(days=rng.randint(1, 30)), "reason": "内容有误，" + words.phrase(2, 4) + "。"}
        reply_id = f"{'rd' if rec['body'] == '人大' else 'zx'}-{rec['item_no']}-{code}"
        if public and rng.random() < 0.01:
            front["aliases"] = [f"{year}/old-{reply_id}"]
        body = body_for(rng, words, rec, mentionable)
        path = out / "replies" / str(year) / f"{reply_id}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("---\n" + yaml_text(front) + "---\n\n" + body, encoding="utf-8")
    return {"records": count, "withheld": withheld, "policies": len(policies) + len(real_policies)}


def cmd_synth(args) -> int:
    counts = synthesise(args.records, Path(args.out), args.seed)
    print(f"已生成合成内容：{args.out}（{counts['records']} 件答复，其中 {counts['withheld']} 件不公开；"
          f"{counts['policies']} 件政策文件）")
    return 0
