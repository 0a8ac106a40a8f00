"""Data sets for training and teaching: toy generators, files, splitting and scaling.

>>> import chainrule as cr
>>> X, y = cr.data.moons(n=2000, noise=0.2, seed=0)
>>> X.shape, y.shape
((2000, 2), (2000,))

Importing this package needs only NumPy; scikit-learn (for :func:`digits`) is imported when
it is used.
"""

from chainrule.data import sequences
from chainrule.data.catalog import DATASETS, load_dataset
from chainrule.data.csvfile import load_csv
from chainrule.data.digits import digits
from chainrule.data.idx import load_idx
from chainrule.data.mnist import MNIST_FILES, mnist
from chainrule.data.scaling import Standardizer
from chainrule.data.split import train_test_split
from chainrule.data.synthetic import blobs, circles, moons, spiral, xor

__all__ = [
    "DATASETS",
    "MNIST_FILES",
    "Standardizer",
    "blobs",
    "circles",
    "digits",
    "load_csv",
    "load_dataset",
    "load_idx",
    "mnist",
    "moons",
    "sequences",
    "spiral",
    "train_test_split",
    "xor",
]
