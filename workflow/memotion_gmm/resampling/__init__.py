"""Class-imbalance remedies on the training split only, in the space a model reads (token ids, text
embeddings, image features): per-class Gaussian mixtures (the paper's), random oversampling and
(borderline) SMOTE through imbalanced-learn, and class weights for the loss."""
