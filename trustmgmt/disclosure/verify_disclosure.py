#!/usr/bin/env python3
"""Check a trust-model complex's published accounts yourself (独立核验公示账目).

    python3 verify_disclosure.py https://example.org/disclosure/
    python3 verify_disclosure.py ./mirror --fingerprint "3f9a 1c2b 7d4e 5a60"

Python 3.10 or later, standard library only: nothing of the site's own code is trusted. It reads the
index of published months (index.json), each month's figures (<yyyy>/<mm>.json) and journal
(<yyyy>/<mm>/journal.json), from the web or from a folder written by `export_disclosure`, and checks:

1. every entry's hash, recomputed from its published fields (digest v2: SHA-256 over the canonical JSON of
   the fields in FIELDS, keys sorted, no spaces, UTF-8), and every link to the entry before it, from the
   first entry (whose previous hash is 64 zeros);
2. that each position up to where a month was published is either in that month's journal or an earlier
   one, or listed by it as pending (recorded then, disclosed in a later month), so no entry is left out;
3. that each month's published fingerprint is the hash (or, for months published before digest v2, the
   earlier hash) of the entry at the position where the month was published;
4. that every pool figure of every month equals the sum of its entries: income the entries of flow
   "income", expenditure minus those of flow "expenditure", closing minus opening all of them; that the
   first month opens at zero and each month's closing is the next month's opening;
5. that every --fingerprint given (all 64 hex characters, or the first 16, as printed on paper; spaces and
   dashes are ignored) is on the chain.

Prints a verdict in Chinese and English naming the first break; exits 0 only when everything holds
(1: a check failed or something could not be read; 2: the command line was wrong).
"""

import argparse
import hashlib
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation
from pathlib import Path

GENESIS = "0" * 64
DIGEST_VERSION = 2
POOLS = ("electricity", "maintenance", "garbage")
FIELDS = (
    "version",
    "position",
    "kind",
    "flow",
    "value_date",
    "period",
    *POOLS,
    "amount",
    "fee_year",
    "reference",
    "payee",
    "expenditure",
    "reverses",
    "commitment",
    "legacy_hash",
    "prev_hash",
)
FIGURES = ("opening", "income", "expenditure", "closing")
FLOW_OF_KIND = {
    "opening": "income",
    "payment": "income",
    "payment_reversal": "income",
    "expenditure": "expenditure",
    "expenditure_reversal": "expenditure",
    "year_close": "transfer",
    "year_open": "transfer",
    "credit": "transfer",
    "advance_out": "transfer",
    "advance_in": "transfer",
    "interest": "income",
}
PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{2}")
HEX = re.compile(r"[0-9a-f]+")
TIMEOUT = 30


class Broken(Exception):
    """The first thing that does not hold, in Chinese and in English."""

    def __init__(self, chinese: str, english: str):
        super().__init__(english)
        self.chinese, self.english = chinese, english


class Source:
    """Files under a base: a folder, or a URL (the disclosure's root, or the site's, which holds disclosure/)."""

    def __init__(self, where: str):
        self.where = where
        self.is_url = bool(re.match(r"https?://", where))
        self.base = where if not self.is_url else where.rstrip("/") + "/"

    def read(self, name: str) -> bytes:
        if not self.is_url:
            path = Path(self.base) / name
            try:
                return path.read_bytes()
            except OSError as error:
                raise Broken(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}") from None
        url = urllib.parse.urljoin(self.base, name)
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only, above)
                return response.read()
        except urllib.error.HTTPError as error:
            raise Broken(f"无法下载 {url}（HTTP {error.code}）", f"cannot fetch {url} (HTTP {error.code})") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Broken(f"无法下载 {url}：{reason}", f"cannot fetch {url}: {reason}") from None

    def json(self, name: str):
        data = self.read(name)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Broken(f"{name} 不是有效的 JSON", f"{name} is not valid JSON") from None

    def index(self) -> dict:
        try:
            return self.json("index.json")
        except Broken:
            if not self.is_url or self.base.endswith("/disclosure/"):
                raise
            self.base += "disclosure/"
            return self.json("index.json")


def digest(entry: dict) -> str:
    content = {field: entry[field] for field in FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def amount(text, where_zh: str, where_en: str) -> Decimal:
    if not isinstance(text, str) or not AMOUNT.fullmatch(text):
        raise Broken(f"{where_zh}：金额 {text!r} 格式不对", f"{where_en}: amount {text!r} is malformed")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover (the pattern admits only decimals)
        raise Broken(f"{where_zh}：金额 {text!r} 格式不对", f"{where_en}: amount {text!r} is malformed") from None


def normalise_fingerprint(text: str) -> str:
    cleaned = re.sub(r"[\s\-]", "", text).lower()
    if len(cleaned) not in (16, 64) or not HEX.fullmatch(cleaned):
        raise argparse.ArgumentTypeError(
            f"“{text}” 不是指纹（应为64位或前16位十六进制字符） / "
            f"“{text}” is not a fingerprint (64 hexadecimal characters, or the first 16)"
        )
    return cleaned


class Chain:
    def __init__(self):
        self.entries: dict[int, dict] = {}
        self.claimed: dict[int, str] = {}  # hash of a pending position, as the entry after it claims

    def add(self, entry, period: str):
        where_zh, where_en = f"{period} 账目明细", f"{period} journal"
        if not isinstance(entry, dict) or any(field not in entry for field in (*FIELDS, "hash")):
            raise Broken(f"{where_zh}：有一条记录缺少字段", f"{where_en}: an entry lacks fields")
        position = entry["position"]
        if not isinstance(position, int) or position < 1:
            raise Broken(f"{where_zh}：记录位置 {position!r} 无效", f"{where_en}: bad position {position!r}")
        where_zh, where_en = f"{where_zh}第{position}条", f"{where_en}, position {position}"
        if position in self.entries:
            raise Broken(f"{where_zh}：位置重复", f"{where_en}: position published twice")
        if entry["period"] != f"{period}-01":
            raise Broken(f"{where_zh}：不属于本月", f"{where_en}: disclosed in another month")
        if entry["version"] != DIGEST_VERSION:
            raise Broken(
                f"{where_zh}：未知的摘要版本 {entry['version']!r}（请更新本程序）",
                f"{where_en}: unknown digest version {entry['version']!r} (get a newer verifier)",
            )
        for pool in (*POOLS, "amount"):
            amount(entry[pool], where_zh, where_en)
        if FLOW_OF_KIND.get(entry["kind"]) != entry["flow"]:
            raise Broken(
                f"{where_zh}：类型 {entry['kind']!r} 与收支方向 {entry['flow']!r} 不符",
                f"{where_en}: kind {entry['kind']!r} does not go with flow {entry['flow']!r}",
            )
        if digest(entry) != entry["hash"]:
            raise Broken(
                f"{where_zh}：内容与其哈希不符（被改动过）",
                f"{where_en}: its content does not match its hash (changed)",
            )
        self.entries[position] = entry

    def link(self) -> None:
        for position in sorted(self.entries):
            entry = self.entries[position]
            if position == 1:
                expected = GENESIS
            elif position - 1 in self.entries:
                expected = self.entries[position - 1]["hash"]
            else:
                self.claimed[position - 1] = entry["prev_hash"]
                continue
            if entry["prev_hash"] != expected:
                raise Broken(
                    f"第{position}条记录（{entry['period'][:7]}）接不上前一条：前面的记录被删除或改动过",
                    f"position {position} ({entry['period'][:7]}) does not follow the entry before it: "
                    "an entry was removed or changed",
                )

    def hash_at(self, position: int) -> tuple[str, str] | None:
        """(hash, earlier hash) at a position, or (claimed hash, "") for a pending one, or None."""
        if position == 0:
            return GENESIS, ""
        if position in self.entries:
            return self.entries[position]["hash"], self.entries[position]["legacy_hash"]
        if position in self.claimed:
            return self.claimed[position], ""
        return None

    def holds(self, fingerprint: str) -> int | None:
        """The position whose hash (or earlier hash) is or starts with `fingerprint`."""
        for position, entry in self.entries.items():
            if entry["hash"].startswith(fingerprint) or (
                entry["legacy_hash"] and entry["legacy_hash"].startswith(fingerprint)
            ):
                return position
        for position, claimed in self.claimed.items():
            if claimed.startswith(fingerprint):
                return position
        return None


def _next_period(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def check_month_figures(document: dict, entries: list[dict], period: str) -> dict[str, dict[str, Decimal]]:
    """Each pool's figures equal the sums of the month's entries. Returns the figures, read."""
    zero = Decimal("0.00")
    sums = {pool: {"income": zero, "expenditure": zero, "transfers": zero, "all": zero} for pool in POOLS}
    for entry in entries:
        for pool in POOLS:
            value = Decimal(entry[pool])
            sums[pool]["all"] += value
            if entry["flow"] == "income":
                sums[pool]["income"] += value
            elif entry["flow"] == "expenditure":
                sums[pool]["expenditure"] -= value
            else:
                sums[pool]["transfers"] += value
    pools = document.get("pools")
    if not isinstance(pools, list) or [pool.get("code") for pool in pools if isinstance(pool, dict)] != list(POOLS):
        raise Broken(f"{period} 月报缺少三个资金池", f"{period}: the month's document lacks the three pools")
    figures = {}
    for pool in pools:
        code = pool["code"]
        read = {name: amount(pool.get(name), f"{period} {code}", f"{period} {code}") for name in FIGURES}
        # An advance between pools (资金池调剂) moves money between them within the month; documents published
        # before advances existed have no such figure, and their transfers net to zero per pool.
        read["transfers"] = amount(pool.get("transfers", "0.00"), f"{period} {code}", f"{period} {code}")
        checks = (
            ("transfers", read["transfers"], sums[code]["transfers"], "资金池调剂", "transfers between pools"),
            ("income", read["income"], sums[code]["income"], "收入", "income"),
            ("expenditure", read["expenditure"], sums[code]["expenditure"], "支出", "expenditure"),
            ("closing", read["closing"] - read["opening"], sums[code]["all"], "期末减期初", "closing minus opening"),
            (
                "balance",
                read["closing"],
                read["opening"] + read["income"] - read["expenditure"] + read["transfers"],
                "期末",
                "closing",
            ),
        )
        for _name, published, computed, zh, en in checks:
            if published != computed:
                raise Broken(
                    f"{period} {code} 的{zh}为 {published}，但本月明细合计为 {computed}",
                    f"{period} {code}: {en} is {published}, but the month's entries add up to {computed}",
                )
        figures[code] = read
    return figures


def verify(source: Source, fingerprints: list[str], out=print) -> list[str]:
    """Run every check; raise Broken at the first that fails. Returns notes for the verdict."""
    index = source.index()
    months = index.get("months") if isinstance(index, dict) else None
    if not isinstance(months, list):
        raise Broken("index.json 缺少已公示月份列表", "index.json lacks the list of published months")
    if not all(isinstance(month, dict) and PERIOD.fullmatch(str(month.get("period"))) for month in months):
        raise Broken("index.json 中有月份格式不对", "index.json lists a month that is malformed")
    months = sorted(months, key=lambda month: month["period"])
    chain, notes, previous = Chain(), [], None
    marks, pendings = [], {}
    journals: dict[str, list[dict]] = {}
    for month in months:
        period = str(month.get("period"))
        if previous is not None and period != _next_period(previous["period"]):
            raise Broken(
                f"{_next_period(previous['period'])} 没有公示", f"{_next_period(previous['period'])} is missing"
            )
        # The files' places follow from the month (not from the index), as on the site and in an export.
        document = source.json(f"{period[:4]}/{period[5:]}.json")
        journal = source.json(f"{period[:4]}/{period[5:]}/journal.json")
        if not isinstance(document, dict) or not isinstance(journal, dict):
            raise Broken(f"{period} 的文件格式不对", f"{period}: its files are malformed")
        if document.get("period") != period or journal.get("period") != period:
            raise Broken(f"{period} 的文件写的是别的月份", f"{period}: the files name another month")
        if document.get("ledger_fingerprint") != month.get("ledger_fingerprint"):
            raise Broken(
                f"{period} 月报与索引的指纹不同", f"{period}: the month's fingerprint differs from the index's"
            )
        entries = journal.get("entries")
        if not isinstance(entries, list):
            raise Broken(f"{period} 账目明细缺少记录列表", f"{period}: the journal lacks its entries")
        for entry in entries:
            chain.add(entry, period)
        figures = check_month_figures(document, entries, period)
        for code in POOLS:
            opening = figures[code]["opening"]
            expected = previous["figures"][code]["closing"] if previous else Decimal("0.00")
            if opening != expected:
                zh_before = f"上月期末 {expected}" if previous else "首个公示月份应为 0.00"
                en_before = f"the month before closed at {expected}" if previous else "the first month opens at 0.00"
                raise Broken(
                    f"{period} {code} 期初为 {opening}，但{zh_before}",
                    f"{period} {code}: opening is {opening}, but {en_before}",
                )
        position = journal.get("ledger_position")
        if not isinstance(position, int) or position < 0:
            raise Broken(
                f"{period} 缺少公示时的账本位置", f"{period}: the journal lacks the position it was published at"
            )
        marks.append((period, month.get("ledger_fingerprint"), position))
        pendings[period] = journal.get("pending", [])
        journals[period] = entries
        previous = {"period": period, "figures": figures}
    chain.link()
    # Every position up to where a month was published is disclosed by then or declared pending.
    disclosed: set[int] = set()
    for period, _fingerprint, position in marks:
        disclosed |= {entry["position"] for entry in journals[period]}
        expected_pending = sorted(set(range(1, position + 1)) - disclosed)
        if sorted(pendings[period]) != expected_pending or any(p > position for p in disclosed):
            missing = sorted(set(expected_pending) - set(pendings[period]))
            late = sorted(p for p in disclosed if p > position)
            if late:
                raise Broken(
                    f"第{late[0]}条记录在 {period} 公示之后才记账，却出现在当时的明细里",
                    f"position {late[0]} was recorded after {period} was published, yet is in its journal",
                )
            first = missing[0] if missing else sorted(set(pendings[period]) ^ set(expected_pending))[0]
            raise Broken(
                f"第{first}条记录在 {period} 公示时已存在，但既不在明细中也未列为待公示：有记录被删除",
                f"position {first} existed when {period} was published but is neither in a journal nor pending: "
                "an entry was removed",
            )
    for period, fingerprint, position in marks:
        found = chain.hash_at(position)
        if found is None:
            notes.append(
                f"{period} 的指纹在第{position}条，该条尚待公示，以后可核 / "
                f"{period}'s fingerprint is at position {position}, not disclosed yet: checkable later"
            )
            continue
        if fingerprint not in found:
            raise Broken(
                f"{period} 公示的指纹 {fingerprint[:16]}… 不在账本第{position}条：公示后账本被改写过",
                f"{period}'s published fingerprint {fingerprint[:16]}… is not at position {position}: "
                "the ledger was rewritten after it was published",
            )
    for fingerprint in fingerprints:
        position = chain.holds(fingerprint)
        if position is None:
            raise Broken(
                f"指纹 {fingerprint} 不在公示的账本上：账本被改写过，或该指纹抄错了",
                f"fingerprint {fingerprint} is not on the published chain: the ledger was rewritten, "
                "or the fingerprint was copied wrongly",
            )
        notes.append(f"指纹 {fingerprint} 在第{position}条 / fingerprint {fingerprint} is at position {position}")
    notes.insert(
        0,
        f"{len(months)} 个月，{len(chain.entries)} 条记录 / {len(months)} months, {len(chain.entries)} entries",
    )
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check a complex's published accounts: every hash, every sum, every fingerprint. "
        "核验公示账目：每条记录的哈希、每月的合计、每个指纹。"
    )
    parser.add_argument(
        "source", metavar="URL_OR_FOLDER", help="the disclosure's address, or a folder exported from it"
    )
    parser.add_argument(
        "--fingerprint",
        action="append",
        default=[],
        type=normalise_fingerprint,
        metavar="HEX",
        help="a fingerprint copied from a notice or receipt (64 hex, or the first 16); may be repeated",
    )
    args = parser.parse_args(argv)
    try:
        try:
            notes = verify(Source(args.source), args.fingerprint)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise Broken(f"数据格式不对（{error!r}）", f"the published data is malformed ({error!r})") from None
    except Broken as broken:
        print(f"未通过：{broken.chinese}")
        print(f"FAILED: {broken.english}")
        return 1
    for note in notes:
        print(note)
    print("通过：账本完整，各月数字与明细一致。")
    print("PASSED: the chain is intact and every month's figures equal its entries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
