"""The data stage: every source CSV and image folder to one table of memes (``prepare``), with every
unusable row recorded; perceptual hashes and duplicate groups, stratified (group-aware) carving of
splits, the overlap audit between splits, uint8 image arrays, and the generated demo dataset."""
