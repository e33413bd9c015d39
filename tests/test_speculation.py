"""Speculation cues and the sentence flag, on sentences written for these tests."""
import pytest

from workbook.extract.hedges import find_hedges, is_speculative

HEDGED = ["The dam was probably built by the Romans.",
          "Perhaps the mayor will resign next week."]
WEASEL = ["Many historians argue that the treaty was a mistake.",
          "The painting is considered a masterpiece by many.",
          "It is believed that the tower was painted in 1890."]
NEGATED_CERTAINTY = ["It is not certain that the letter was written by the king.",
                     "Nobody knows who designed the chapel.",
                     "It has never been confirmed that the mayor signed it."]
PLAIN = ["The bridge opened to traffic in 1932.", "The factory employs 300 people.",
         "There is no doubt that the castle was built in 1204."]


@pytest.mark.parametrize("sentence", HEDGED + WEASEL + NEGATED_CERTAINTY)
def test_uncertain_sentences_are_flagged_with_a_cue_shown(sentence):
    assert is_speculative(sentence)
    assert find_hedges(sentence), "a flagged sentence should show the reviewer its cue"


@pytest.mark.parametrize("sentence", PLAIN)
def test_plain_and_certain_sentences_are_not_flagged(sentence):
    assert not is_speculative(sentence)


def test_weasel_and_negated_cues_are_shown_as_written():
    cues = {h[2] for s in WEASEL + NEGATED_CERTAINTY for h in find_hedges(s)}
    assert {"Many historians argue", "is considered", "not certain", "Nobody knows",
            "never been confirmed"} <= cues


def _tiny_csv(path, heldout_text=None, flip_heldout=False):
    """60 sentences written for this test; rows with index % 5 == 4 are the held-out fifth."""
    hedged = ["Some critics argue the film is overrated.", "It is believed that the town is old.",
              "Many scholars consider him the greatest poet.", "The song is probably his best.",
              "It has been suggested that the king was poisoned.", "Perhaps the well is older."]
    plain = ["The bridge opened in 1932.", "She was born in Paris.", "The river is 40 km long.",
             "He joined the army in 1914.", "The station has two platforms.", "The mill burned."]
    rows = [(s, 1) for s in hedged * 5] + [(s, 0) for s in plain * 5]
    lines = ["text,label"]
    for index, (text, label) in enumerate(rows):
        if index % 5 == 4:
            text = heldout_text or text
            label = 1 - label if flip_heldout else label
        lines.append(f'"{text}",{label}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tuning_choices_never_read_the_heldout_fifth(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    import io

    from workbook.eval import train_speculation

    monkeypatch.setattr(train_speculation, "CS", (0.1, 1.0))  # two C values keep the test fast

    same = _tiny_csv(tmp_path / "a.csv")
    poisoned = _tiny_csv(tmp_path / "b.csv", heldout_text="Nobody knows.", flip_heldout=True)
    cv_a = train_speculation.tuning_cv(same, out=io.StringIO())
    cv_b = train_speculation.tuning_cv(poisoned, out=io.StringIO())
    assert cv_a == cv_b and cv_a["tuning_sentences"] == 48
    flipped = _tiny_csv(tmp_path / "c.csv", flip_heldout=True)
    report = train_speculation.train(flipped, out=io.StringIO())
    assert [report[k] for k in ("C", "threshold", "inner_cv_f1")] == \
        [cv_a[k] for k in ("C", "threshold", "inner_cv_f1")]
    # Only the held-out score sees the flipped labels (the model is right, the labels wrong).
    assert report["heldout_fifth"]["f1"] < 0.5


def test_tuning_cv_scores_a_feature_function(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    import io

    from workbook.eval import train_speculation

    monkeypatch.setattr(train_speculation, "CS", (0.1, 1.0))

    csv_path = _tiny_csv(tmp_path / "a.csv")
    useful = train_speculation.tuning_cv(csv_path, out=io.StringIO())
    useless = train_speculation.tuning_cv(csv_path, feature_fn=lambda s: {"bias"}, out=io.StringIO())
    assert useful["inner_cv_f1"] > 0.9 > useless["inner_cv_f1"]


def test_shipped_model_keeps_the_heldout_fifth_out_of_training():
    from workbook.extract.hedge_model import load_model, probability

    model = load_model()
    assert model is not None
    assert "index % 5 != 4" in model["trained_on"]
    assert model["threshold"] == model["scores"]["threshold"]
    for sentence in HEDGED + WEASEL + PLAIN:
        assert is_speculative(sentence) is (probability(sentence) >= model["threshold"])


def _tiny_teacher(n_tuning, texts, probs, folds=(0,)):
    """A teacher file's content written for these tests (no torch: plain probabilities)."""
    return {"epoch": 1, "folds": list(folds), "threshold": 0.5, "inner_cv_f1": 0.0,
            "oof": [None] * n_tuning, "texts": list(texts), "sources": ["news"] * len(texts),
            "probs": [[p] * len(folds) for p in probs]}


def test_soft_label_fit_follows_the_soft_labels():
    pytest.importorskip("sklearn")
    from workbook.eval.distill_speculation import fit_soft

    feats = [{"sure"}] * 20 + [{"maybe"}] * 20 + [{"hmm"}] * 20
    targets = [0.1] * 20 + [0.9] * 20 + [0.6] * 20
    bias, w = fit_soft(feats, targets, C=10.0, min_count=1)
    assert w["maybe"] > w["hmm"] > w["sure"]
    # The same rows with hard labels push further than with soft ones.
    _, hard = fit_soft(feats[:40], [0.0] * 20 + [1.0] * 20, C=10.0, min_count=1)
    _, soft = fit_soft(feats[:40], targets[:40], C=10.0, min_count=1)
    assert hard["maybe"] - hard["sure"] > soft["maybe"] - soft["sure"] > 0
    # Unlabelled rows with weight 0 change nothing.
    b0, w0 = fit_soft(feats[:40], targets[:40], C=10.0, min_count=1)
    b1, w1 = fit_soft(feats[:40] + [{"maybe"}] * 5, targets[:40] + [0.0] * 5,
                      [1.0] * 40 + [0.0] * 5, C=10.0, min_count=1)
    assert abs(w0["maybe"] - w1["maybe"]) < 1e-6


def test_distillation_never_reads_the_heldout_fifth(tmp_path):
    pytest.importorskip("sklearn")
    import io

    from workbook.eval import distill_speculation as d

    unl = ["Some say the mill is cursed.", "The mill has two wheels.", "It is believed he left."]
    teacher = _tiny_teacher(48, unl, [0.9, 0.1, 0.8])
    kw = dict(Cs=(0.1,), unl_weights=(0.0, 0.5), out=io.StringIO())
    same = d.student_cv(_tiny_csv(tmp_path / "a.csv"), teacher, **kw)
    poisoned = d.student_cv(_tiny_csv(tmp_path / "b.csv", heldout_text="Nobody knows.",
                                      flip_heldout=True), teacher, **kw)
    assert same == poisoned and len(same["results"]) == 2
    assert same["best"]["inner_cv_f1"] > 0.9
    # The student fitted for shipping reads no held-out row either: same weights.
    a = d.fit_student(tmp_path / "a.csv", teacher, 0.1, 0.5)
    b = d.fit_student(tmp_path / "b.csv", teacher, 0.1, 0.5)
    assert a == b
    with pytest.raises(ValueError):
        d.student_cv(tmp_path / "a.csv", _tiny_teacher(47, unl, [0.9, 0.1, 0.8]), **kw)


def test_distillation_imports_no_torch():
    import subprocess
    import sys

    code = ("import sys, workbook.eval.distill_speculation, workbook.extract.hedges; "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def _noisy_set():
    """Rows written for this test: 'maybe' sentences are labelled 1, 'sure' ones 0, and row 0
    is a 'maybe' sentence with its label flipped to 0."""
    feats = [{"maybe", "the", "a"}] + [{"maybe", "the", w} for w in "ab" * 20] + \
        [{"sure", "the", w} for w in "cd" * 20]
    labels = [False] + [True] * 40 + [False] * 40
    return feats, labels


def test_noisy_rows_finds_a_flipped_label():
    pytest.importorskip("sklearn")
    from workbook.eval.train_speculation import noisy_rows

    feats, labels = _noisy_set()
    bad = noisy_rows(feats, labels, C=1.0)
    assert 0 in bad
    assert len(bad) <= 3  # the clean rows stay (a row or two near the boundary at most)
    assert noisy_rows(feats[1:], labels[1:], C=1.0) == set()


def test_cleaning_never_touches_the_validation_rows():
    pytest.importorskip("sklearn")
    from workbook.eval.train_speculation import _clean_drops, _cv_probs

    feats, labels = _noisy_set()
    folds = [j % 4 for j in range(len(feats))]
    drops = _clean_drops(feats, labels, folds, 4)
    assert all(folds[j] != i for i, rows in drops.items() for j in rows)
    assert 0 in set().union(*(drops[i] for i in (1, 2, 3)))  # pruned where it is a training row
    # Relabelling fold 0's validation rows changes neither fold 0's cleaning nor its scores.
    relabelled = [not g if folds[j] == 0 else g for j, g in enumerate(labels)]
    drops2 = _clean_drops(feats, relabelled, folds, 4)
    assert drops2[0] == drops[0]
    p1 = _cv_probs(feats, labels, folds, 4, 1.0, drops)
    p2 = _cv_probs(feats, relabelled, folds, 4, 1.0, drops2)
    assert [p for p, f in zip(p1, folds) if f == 0] == [p for p, f in zip(p2, folds) if f == 0]
    # Dropping the flipped row makes the model surer of the other 'maybe' rows.
    plain = _cv_probs(feats, labels, folds, 4, 1.0)
    i = next(i for i in (1, 2, 3) if 0 in drops[i])
    assert p1[4 + i] > plain[4 + i]  # row 4 + i, a 'maybe' row, is in fold i
