"""The text recipe transfers: a short seeded run on each of the benchmark's three corpora (the
word list letter by letter, WordNet's sentences word by word and letter by letter) does not
collapse and beats the untrained generator on BLEU-3."""

import pytest

from gan_tutorial.experiments import text_bench
from gan_tutorial.experiments.text_bench import Protocol

SHORT = Protocol(
    "short",
    mle_steps=100,
    mle_epoch_steps=100,
    gan_steps=15,
    num_samples=400,
    max_references=500,
    temperatures=(1.0,),
)


@pytest.mark.parametrize("corpus", list(text_bench.CORPORA))
def test_the_recipe_transfers_to_every_corpus(corpus):
    """The recipe's defaults, 100 MLE steps then 15 GAN steps, seed 0: fewer than 5% empty
    samples, more than 90% distinct ones, the length distribution within 0.35 (total variation)
    of the held-out sentences' and the mean length within 10% of theirs, and BLEU-3 at least 0.05
    above and twice the untrained generator's."""
    rows, _ = text_bench.run_one(corpus, seed=0, protocol=SHORT, methods=("GAN",), log=print)
    gan, untrained = rows["GAN"]["1.0"], rows["untrained"]["1.0"]
    assert gan["empty"] < 0.05, gan
    assert gan["distinct"] > 0.9, gan
    assert gan["length_distance"] < 0.35, gan
    assert abs(gan["mean_length"] / gan["reference_mean_length"] - 1) < 0.1, gan
    assert gan["bleu_3"] > max(untrained["bleu_3"] + 0.05, 2 * untrained["bleu_3"]), (
        gan["bleu_3"],
        untrained["bleu_3"],
    )
