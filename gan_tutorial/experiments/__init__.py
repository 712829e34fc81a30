"""Experiments: runs longer than a chapter, as commands (``python -m gan_tutorial ...``), and
their shipped results.

- `presets`: the named 2-D training runs (data, networks, optimizers, budget).
- `runner`: the one command-line trainer (`train` for presets), with checkpoints that a second
  run resumes.
- `text`: the text recipe (`TextRecipe`) and `train_text`, its run on any text on the same
  runner (``python -m gan_tutorial train text``).
- `mode_bench`: chapter 9's benchmark of fixes against mode collapse.
- `seqgan_bench`: chapter 7's SeqGAN oracle benchmark and the chapter's own runs.
- `dcgan_digits`: chapter 4's DCGAN recipe and its class-conditional run.
- `dcgan_throughput`, `seqgan_rollouts`: timing benchmarks against reference implementations
  (``python -m gan_tutorial.experiments.dcgan_throughput``).
- ``results/``: what the commands wrote, each file naming the command that made it.
"""
