"""Plain usage of each engine on the scale library's text, the yardstick for the portal.

Each engine indexes the same sections (text, document, type) the way its manual shows
and answers a query kind with what the portal's API does for it: the top 10 and the
total, plus facet counts and highlighted snippets for "phrase+facets+highlights".
Query strings use the portal's syntax; ``plain()`` reads them into words, a phrase or a
prefix, and plain words are OR-ed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

TOP = 10
FACETS = ("document", "type")


def plain(q: str) -> tuple[str, list[str]]:
    """("phrase" | "prefix" | "words", folded words) of a query string."""
    words = re.findall(r"\w+", q.lower())
    if q.startswith('"'):
        return "phrase", words
    if q.endswith("*"):
        return "prefix", words
    return "words", words


def sections(batch: int = 2000):
    """(pk, text, document slug, type) of every section, streamed from the database."""
    from portal.models import Section

    rows = Section.objects.values_list("pk", "text", "document__slug", "document__doc_type")
    yield from rows.iterator(chunk_size=batch)


class BareWhoosh:
    name = "bare whoosh"

    def __init__(self, path: Path):
        from whoosh import index

        self.path = path
        self.searcher = index.open_dir(path).searcher() if index.exists_in(path) else None

    def build(self) -> None:
        from whoosh import fields, index
        from whoosh.analysis import StemmingAnalyzer

        self.path.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(
            id=fields.ID(stored=True),
            text=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
            document=fields.ID(sortable=True),
            type=fields.ID(sortable=True),
        )
        ix = index.create_in(self.path, schema)
        with ix.writer(limitmb=128) as writer:
            for pk, text, slug, doc_type in sections():
                writer.add_document(id=str(pk), text=text, document=slug, type=doc_type)
        self.searcher = ix.searcher()

    def query(self, q: str, filters: dict, full: bool):
        from whoosh import query as wq
        from whoosh.highlight import HtmlFormatter

        kind, words = plain(q)
        analyzer = self.searcher.schema["text"].analyzer
        stems = [t.text for t in analyzer(" ".join(words))]
        if kind == "phrase":
            query = wq.Phrase("text", stems) if len(stems) > 1 else wq.Term("text", stems[0])
        elif kind == "prefix":
            query = wq.Prefix("text", words[0])
        else:
            query = wq.Or([wq.Term("text", s) for s in stems])
        options = {"limit": TOP}
        if filters.get("type"):
            options["filter"] = wq.Term("type", filters["type"])
        if full:
            options["groupedby"] = list(FACETS)
        results = self.searcher.search(query, **options)
        out = [len(results), [hit["id"] for hit in results]]
        if full:
            results.formatter = HtmlFormatter(tagname="mark")
            out.append({f: results.groups(f) for f in FACETS})
            out.append([hit.highlights("text", top=3) for hit in results])
        return out


class BareTantivy:
    name = "bare tantivy"

    def __init__(self, path: Path):
        import tantivy

        self.path = path
        self.index = None
        if path.exists() and tantivy.Index.exists(str(path)):
            self.index = tantivy.Index.open(str(path))

    @staticmethod
    def schema():
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
        for name in FACETS:
            builder.add_text_field(name, fast=True, tokenizer_name="raw")
        return builder.build()

    def build(self) -> None:
        import tantivy

        self.path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema(), path=str(self.path))
        writer = self.index.writer(200_000_000, 2)
        for pk, text, slug, doc_type in sections():
            doc = tantivy.Document(id=str(pk), text=text, document=slug, type=doc_type)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def query(self, q: str, filters: dict, full: bool):
        import tantivy

        index, schema = self.index, self.index.schema
        kind, words = plain(q)
        if kind == "prefix":
            query = tantivy.Query.regex_query(schema, "text", f"{re.escape(words[0])}.*")
        elif kind == "phrase":
            query = index.parse_query(f'"{" ".join(words)}"', ["text"])
        else:
            query = index.parse_query(" ".join(words), ["text"])
        if filters.get("type"):
            wanted = tantivy.Query.term_query(schema, "type", filters["type"])
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, wanted)]
            )
        searcher = index.searcher()
        found = searcher.search(query, TOP)
        docs = [searcher.doc(address) for _score, address in found.hits]
        out = [found.count, [d.get_first("id") for d in docs]]
        if full:
            spec = {f: {"terms": {"field": f, "size": 10_000}} for f in FACETS}
            out.append(searcher.aggregate(query, spec))
            snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
            out.append([snippets.snippet_from_doc(d).to_html() for d in docs])
        return out


class SqliteFts5:
    name = "sqlite fts5"

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path) if path.exists() else None

    def build(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(text, document UNINDEXED, type UNINDEXED,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        rows = ((pk, text, slug, t) for pk, text, slug, t in sections())
        self.db.executemany("INSERT INTO fts(rowid, text, document, type) VALUES (?,?,?,?)", rows)
        self.db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.db.commit()

    def query(self, q: str, filters: dict, full: bool):
        kind, words = plain(q)
        if kind == "phrase":
            match = '"' + " ".join(words) + '"'
        elif kind == "prefix":
            match = f"{words[0]}*"
        else:
            match = " OR ".join(f'"{w}"' for w in words)
        where, args = "fts MATCH ?", [match]
        if filters.get("type"):
            where, args = where + " AND type = ?", [*args, filters["type"]]
        db = self.db
        total = db.execute(f"SELECT count(*) FROM fts WHERE {where}", args).fetchone()[0]
        columns = "rowid" + (", snippet(fts, 0, '<mark>', '</mark>', '…', 30)" if full else "")
        top = db.execute(
            f"SELECT {columns} FROM fts WHERE {where} ORDER BY rank LIMIT {TOP}", args
        ).fetchall()
        out = [total, top]
        if full:
            for facet in FACETS:
                sql = f"SELECT {facet}, count(*) FROM fts WHERE {where} GROUP BY {facet}"
                out.append(db.execute(sql, args).fetchall())
        return out


class BarePostgres:
    """PostgreSQL's full-text search as its manual shows it: a tsvector column of the
    English configuration, a GIN index, ts_rank, GROUP BY for facets, ts_headline.
    The table lives in the database BARE_POSTGRES_URL names (the library's own there);
    ``path`` only records that it was built."""

    name = "bare postgres"

    def __init__(self, path: Path):
        import psycopg

        self.path = path
        self.db = psycopg.connect(os.environ["BARE_POSTGRES_URL"], autocommit=True)

    def build(self) -> None:
        db = self.db
        db.execute("DROP TABLE IF EXISTS bare_sections")
        db.execute(
            "CREATE TABLE bare_sections (id bigint PRIMARY KEY, text text, document text,"
            " type text, tsv tsvector)"
        )
        with db.cursor().copy("COPY bare_sections (id, text, document, type) FROM STDIN") as copy:
            for row in sections():
                copy.write_row(row)
        db.execute("UPDATE bare_sections SET tsv = to_tsvector('english', text)")
        db.execute("CREATE INDEX ON bare_sections USING gin (tsv)")
        db.execute("VACUUM ANALYZE bare_sections")
        self.path.write_text("bare_sections\n")

    def size_bytes(self) -> int:
        return self.db.execute("SELECT pg_total_relation_size('bare_sections')").fetchone()[0]

    def query(self, q: str, filters: dict, full: bool):
        kind, words = plain(q)
        if kind == "phrase":
            tsquery, text = "phraseto_tsquery('english', %s)", " ".join(words)
        elif kind == "prefix":
            tsquery, text = "to_tsquery('english', %s)", f"{words[0]}:*"
        else:
            tsquery, text = "to_tsquery('english', %s)", " | ".join(words)
        where, args = f"tsv @@ {tsquery}", [text]
        if filters.get("type"):
            where, args = where + " AND type = %s", [*args, filters["type"]]
        db = self.db
        total = db.execute(f"SELECT count(*) FROM bare_sections WHERE {where}", args).fetchone()
        rank = f"ts_rank(tsv, {tsquery})"
        top = db.execute(
            f"SELECT id, text FROM bare_sections WHERE {where} ORDER BY {rank} DESC LIMIT {TOP}",
            [*args, text],
        ).fetchall()
        out = [total[0], [pk for pk, _text in top]]
        if full:
            for facet in FACETS:
                sql = f"SELECT {facet}, count(*) FROM bare_sections WHERE {where} GROUP BY 1"
                out.append(db.execute(sql, args).fetchall())
            headline = (
                f"SELECT ts_headline('english', %s, {tsquery}, 'StartSel=<mark>, StopSel=</mark>')"
            )
            out.append([db.execute(headline, [t, text]).fetchone()[0] for _pk, t in top])
        return out


ENGINES = {
    "bare-whoosh": BareWhoosh,
    "bare-tantivy": BareTantivy,
    "fts5": SqliteFts5,
    "bare-postgres": BarePostgres,
}
PATHS = {
    "bare-whoosh": "bare-whoosh",
    "bare-tantivy": "bare-tantivy",
    "fts5": "fts5.sqlite3",
    "bare-postgres": "bare-postgres.txt",
}
