"""An article not in English is loaded and marked with its language, and gets no English-rule
claims; an English one gets claims; short text counts as English."""
from workbook.extract import extract
from workbook.load import load, load_text
from workbook.load.language import detect_language
from workbook.pipeline import load_into
from workbook.table import articles_table

GERMAN = """Brücke bleibt gesperrt

Die alte Brücke über den Fluss bleibt bis zum Sommer gesperrt, sagte der Bürgermeister am Montag.
"Wir können die Sicherheit der Fußgänger im Moment nicht garantieren", sagte er vor Journalisten.
Die Stadtverwaltung teilte mit, dass die Reparatur mehr als zwei Millionen Euro kosten werde.
"""
PORTUGUESE = """Ponte continua fechada

A velha ponte sobre o rio vai continuar fechada até o verão, disse o prefeito na segunda-feira.
"Não podemos garantir a segurança dos pedestres neste momento", afirmou ele aos jornalistas.
A prefeitura informou que o conserto vai custar mais de dois milhões de reais.
"""
ENGLISH = """Bridge stays closed

The old bridge over the river will stay closed until the summer, the mayor said on Monday.
"We cannot guarantee the safety of pedestrians at the moment," he told reporters.
The city council said the repairs would cost more than two million pounds.
"""


def test_german_and_portuguese_articles_get_their_language_and_no_claims():
    for text, code in ((GERMAN, "de"), (PORTUGUESE, "pt")):
        article = load_text(text, source=f"story_{code}.txt")
        assert article.language == code
        assert extract(article) == []
        assert any(code in w and "not English" in w for w in article.warnings)


def test_an_english_article_gets_claims():
    article = load_text(ENGLISH, source="story_en.txt")
    assert article.language == "en" and not article.warnings
    claims = [article.text[a.claim[0]:a.claim[1]] for a in extract(article) if a.source]
    assert any("repairs would cost more than two million pounds" in c for c in claims)
    assert any("We cannot guarantee the safety of pedestrians" in c for c in claims)


def test_short_or_unclear_text_counts_as_english():
    assert detect_language("The U.S.") is None
    article = load_text("Bank rates\n\nRates rose, he said.\n", source="short.txt")
    assert article.language is None
    assert extract(article)  # treated as English: the rules run


def test_language_is_stored_listed_and_warned_once(tmp_path, store):
    for name, text in (("de.txt", GERMAN), ("en.txt", ENGLISH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    warnings = []
    summary = load_into(store, [tmp_path], on_warning=warnings.append)
    assert summary.articles == 2
    assert len([w for w in warnings if "not English" in w]) == 1 and "de.txt" in warnings[0]
    table = articles_table(store)
    assert dict(zip(table["source"].map(lambda s: s.rsplit("/", 1)[-1]), table["language"])) == {
        "de.txt": "de", "en.txt": "en"}
    german = table.loc[table["language"] == "de", "id"].item()
    assert store.article(german).language == "de"
    claims = store.claims()
    assert (claims["article_id"] == german).sum() == 0 and len(claims) > 0


def test_html_page_in_portuguese_is_marked(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PORTUGUESE.splitlines()[2:] if line)
    page = tmp_path / "pagina.html"
    page.write_text(f"<html><head><title>Ponte continua fechada</title></head><body><article>{body}"
                    "</article></body></html>", encoding="utf-8")
    (article,), errors = load(page)
    assert not errors and article.language == "pt" and extract(article) == []


def test_report_lists_languages_and_the_article_not_in_english(tmp_path, store):
    import lxml.html

    from workbook.report import render_report

    for name, text in (("de.txt", GERMAN), ("en.txt", ENGLISH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    load_into(store, [tmp_path])
    doc = lxml.html.fromstring(render_report(store, progress=False))
    marked = [s.text_content() for s in doc.xpath("//span[@class='article-language']")]
    assert marked == ["Brücke bleibt gesperrt (de)"]
    method = doc.get_element_by_id("method").text_content()
    assert "1 de" in method and "1 en" in method
