"""kit bench's PyTorch peer: the same network, batch size and images as dlkit's side of the
bench, trained with the same optimiser for a fixed number of mini-batches on 2 threads.

usage: torch_peer.py NETWORK BATCH BATCHES IMAGES.f32 LABELS.i64 ROWS
Prints one line of JSON: {"train": images/s, "infer": images/s, "seconds": s, "loss": mean loss}.
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def network(name):
    if name == "cnn":  # lesson 08's: conv 20@5x5, max-pool 2, ReLU, conv 40@5x5, max-pool 2, ReLU, 100, 10
        return nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.ReLU(),
            nn.Conv2d(20, 40, 5), nn.MaxPool2d(2), nn.ReLU(),
            nn.Flatten(), nn.Linear(640, 100), nn.ReLU(), nn.Linear(100, 10))
    if name == "mlp":  # lesson 04's network3: 784-100-10, sigmoid hidden units
        return nn.Sequential(nn.Linear(784, 100), nn.Sigmoid(), nn.Linear(100, 10))
    if name == "sda":  # the Theano SdA's fine-tuning network: 784-1000-1000-1000-10, sigmoid
        return nn.Sequential(
            nn.Linear(784, 1000), nn.Sigmoid(), nn.Linear(1000, 1000), nn.Sigmoid(),
            nn.Linear(1000, 1000), nn.Sigmoid(), nn.Linear(1000, 10))
    if name == "dae":  # one denoising level: 784-1000 sigmoid, tied decoder, cross-entropy
        return TiedAutoencoder(784, 1000)
    raise SystemExit("unknown network " + name)


class TiedAutoencoder(nn.Module):
    def __init__(self, visible, hidden):
        super().__init__()
        self.encode = nn.Linear(visible, hidden)
        self.decode_bias = nn.Parameter(torch.zeros(visible))

    def forward(self, x):
        h = torch.sigmoid(self.encode(x))
        return h @ self.encode.weight + self.decode_bias  # logits of the reconstruction


def main():
    name, batch, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = int(sys.argv[6])
    torch.set_num_threads(2)
    # denormal numbers (below 1e-38) flushed to zero: a saturating sigmoid layer makes many of
    # them, and each costs a slow microcode path
    torch.set_flush_denormal(True)
    torch.manual_seed(1)
    x = torch.from_numpy(np.fromfile(sys.argv[4], dtype=np.float32).reshape(rows, 784))
    y = torch.from_numpy(np.fromfile(sys.argv[5], dtype=np.int64))
    if name == "cnn":
        x = x.reshape(rows, 1, 28, 28)
    net = network(name)
    if name == "cnn":
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    else:
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
    if name == "dae":
        # summed over the pixels, averaged over the batch: dlkit's (and Theano's) reconstruction
        # cost, so that the same η takes the same step
        # (the mean over all values times the values per example: the same number, through
        # torch's mean reduction)
        bce = nn.BCEWithLogitsLoss()
        loss_fn = lambda z, t: bce(z, t) * t.shape[1]
        generator = torch.Generator().manual_seed(1)
    else:
        loss_fn = nn.CrossEntropyLoss()
    per_epoch = rows // batch
    warmup = 20
    total = 0.0
    start = 0.0
    for i in range(warmup + batches):
        if i == warmup:
            start = time.perf_counter()
        k = (i % per_epoch) * batch
        xb, yb = x[k:k + batch], y[k:k + batch]
        opt.zero_grad()
        if name == "dae":  # masking noise: a fraction 0.3 of the inputs set to 0
            keep = (torch.rand(xb.shape, generator=generator) >= 0.3).to(xb.dtype)
            loss = loss_fn(net(xb * keep), xb)
        else:
            loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        if i >= warmup:
            total += loss.item()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        t = time.perf_counter()
        inferred = 0
        for k in range(0, min(rows, 10000), batch):
            net(x[k:k + batch])
            inferred += len(x[k:k + batch])
        infer = inferred / (time.perf_counter() - t)
    print(json.dumps({"train": batches * batch / seconds, "infer": infer,
                      "seconds": seconds, "loss": total / batches,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
