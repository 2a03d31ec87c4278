"""Scoring and reporting: metrics per split, chance baselines, bootstrap intervals and paired tests,
Table 1 and its pages, the imbalance study's table, scores on unseen memes, and the report figures."""
