# Resampled training sets (random oversampling, SMOTE and its relatives), one per remedy, shared
# by every variant and seed that uses it. GMM remedies are in gmm.smk, class weights in train.


rule resample:
    input:
        train=f"{OUT}/text/sequences/train.parquet",
        vocab=f"{OUT}/text/vocab.json",
    output:
        train=f"{OUT}/remedies/{{remedy}}/train.parquet",
        summary=f"{OUT}/remedies/{{remedy}}/summary.json",
    log:
        f"{OUT}/logs/remedies/{{remedy}}.log",
    benchmark:
        f"{OUT}/benchmarks/remedies/{{remedy}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: REMEDIES[wc.remedy],
    script:
        "../scripts/resample.py"


# The same in a vector space (text embeddings, image features): SMOTE interpolates the
# float vectors as they are.
rule vector_resample:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        vectors=f"{OUT}/{{space}}/train.npy",
    output:
        train=f"{OUT}/{{space}}/remedies/{{remedy}}/train.parquet",
        summary=f"{OUT}/{{space}}/remedies/{{remedy}}/summary.json",
    log:
        f"{OUT}/logs/{{space}}/remedies/{{remedy}}.log",
    benchmark:
        f"{OUT}/benchmarks/{{space}}/remedies/{{remedy}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: REMEDIES[wc.remedy],
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/vector_resample.py"
