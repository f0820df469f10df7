"""HTML defects the ingest sweep found in Python's Sphinx documentation, reproduced by hand in
the structure Sphinx 5 writes: API entries are definition lists whose terms are link targets,
every cross-reference has class="reference internal", permalinks follow each heading, and
the navigation sits outside the role="main" region."""

from __future__ import annotations

from portal.ingest import parse_bytes

PAGE = """<!DOCTYPE html>
<html><head><title>Generator Objects — Python 3.11 documentation</title></head>
<body>
<div class="related" role="navigation"><h3>Navigation</h3>
  <ul><li><a href="index.html">index</a></li><li><a href="frame.html">previous</a> |</li></ul>
</div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper">
<div class="body" role="main">
<section id="generator-objects">
<h1>Generator Objects<a class="headerlink" href="#generator-objects" title="Permalink">¶</a></h1>
<p>Generator objects are normally created by iterating over a function that yields values,
rather than by calling <a class="reference internal"
 href="#c.PyGen_New"><code>PyGen_New()</code></a> explicitly.<a
 class="footnote-reference brackets" href="#id2" id="id1" role="doc-noteref">1</a></p>
<dl class="c function">
<dt class="sig sig-object c" id="c.PyGen_New">PyObject *PyGen_New(PyFrameObject *frame)<a
 class="headerlink" href="#c.PyGen_New" title="Permalink">¶</a></dt>
<dd><p>Create and return a new generator object based on the frame object.</p></dd>
</dl>
<aside class="footnote brackets" id="id2" role="note">
<span class="label"><span class="fn-bracket">[</span><a role="doc-backlink" href="#id1">1</a><span
 class="fn-bracket">]</span></span>
<p>Generators were added in Python 2.2.</p>
</aside>
</section>
</div></div></div>
<div class="sphinxsidebar" role="navigation"><h4>Previous topic</h4><p>Frame Objects</p></div>
</div>
<div class="footer">© Copyright 2001-2026, Python Software Foundation. Created using Sphinx.</div>
</body></html>
"""


def _parse():
    return parse_bytes(PAGE.encode(), name="gen.html")


def test_a_link_to_an_api_entry_is_no_note_and_the_entry_stays_in_the_text():
    doc = _parse()
    text = "\n".join(s.heading + "\n" + s.text for s in doc.sections)
    assert "PyObject *PyGen_New(PyFrameObject *frame)" in text
    assert "Create and return a new generator object based on the frame object." in text
    assert "rather than by calling PyGen_New() explicitly." in text
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Generators were added in Python 2.2.")
    ]
    assert [r.footnote for s in doc.sections for r in s.refs] == ["1"]


def test_the_main_region_is_read_without_navigation_footer_or_permalinks():
    doc = _parse()
    assert doc.title == "Generator Objects"
    text = "\n".join(s.heading + "\n" + s.text for s in doc.sections)
    for chrome in ("Navigation", "Previous topic", "Frame Objects", "Copyright", "¶"):
        assert chrome not in text


def test_a_small_main_element_does_not_hide_the_rest_of_the_page():
    page = (
        "<html><body><main><p>Skip to content.</p></main>"
        + "".join(f"<p>Paragraph {i} of the real text, which stands outside.</p>" for i in range(9))
        + "</body></html>"
    )
    doc = parse_bytes(page.encode(), name="page.html")
    text = "\n".join(s.text for s in doc.sections)
    assert "Paragraph 8 of the real text" in text and "Skip to content." in text
