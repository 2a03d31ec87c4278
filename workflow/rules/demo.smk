# The demo dataset, generated in Memotion 7k's layout at the configured paths (the test
# split's ground truth goes next to its CSV as labels.csv; configure it to use it).

if DATASET["demo"]:

    rule demo_dataset:
        output:
            csv=DATASET["train"]["csv"],
            images=directory(DATASET["train"]["images"]),
            test_csv=DATASET["test"]["csv"],
            test_images=directory(DATASET["test"]["images"]),
            test_truth=os.path.join(os.path.dirname(DATASET["test"]["csv"]), "labels.csv"),
        log:
            f"{OUT}/logs/demo_dataset.log",
        conda:
            "../../envs/data.yaml"
        params:
            n_train=DATASET["demo_size"],
            n_test=DATASET["demo_test_size"],
            scale=DATASET["demo_image_scale"],
            seed=DATASET["demo_seed"],
        script:
            "../scripts/demo_dataset.py"
