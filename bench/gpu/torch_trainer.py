#!/usr/bin/env python3
"""A small PyTorch model trained as a batchtrain command trainer, for the GPU proof (bench/gpu/README.md).

An MLP regressor on synthetic data generated on the device (no dataset download: the GPU machine has
no registry access). Per epoch: one metrics line, a checkpoint directory, its announcement. Resumes
from BT_RESUME_FROM; on SIGTERM saves, announces and exits.
"""
import json
import os
import signal
import sys
import time

import torch

stop = False


def on_term(signum, frame):
    global stop
    stop = True


def report(line):
    with open(os.environ["BT_METRICS_FILE"], "a") as f:
        f.write(json.dumps(line) + "\n")


def save(name, epoch, model, opt):
    d = os.path.join(os.environ["BT_CHECKPOINT_DIR"], name)
    os.makedirs(d, exist_ok=True)
    torch.save({"epoch": epoch, "model": model.state_dict(), "opt": opt.state_dict()}, os.path.join(d, "state.pt"))
    report({"checkpoint": name, "epoch": epoch})


def main():
    signal.signal(signal.SIGTERM, on_term)
    lr = float(sys.argv[1])
    epochs = int(sys.argv[2])
    width = int(os.environ.get("BT_HP_WIDTH", "1024"))
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    with open(os.path.join(os.environ["BT_OUTPUT_DIR"], "device.json"), "w") as f:
        json.dump({"device": name, "torch": torch.__version__, "cuda": torch.version.cuda}, f)
    print(f"torch {torch.__version__} on {name}", flush=True)
    g = torch.Generator(device="cpu").manual_seed(7)
    x = torch.randn(200_000, 64, generator=g)
    w = torch.randn(64, 1, generator=g)
    y = torch.sin(x @ w) + 0.1 * torch.randn(200_000, 1, generator=g)
    x, y = x.to(device), y.to(device)
    train_x, train_y, val_x, val_y = x[:160_000], y[:160_000], x[160_000:], y[160_000:]
    model = torch.nn.Sequential(torch.nn.Linear(64, width), torch.nn.ReLU(), torch.nn.Linear(width, width), torch.nn.ReLU(),
                                torch.nn.Linear(width, 1)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    start = 1
    if os.environ.get("BT_RESUME_FROM"):
        state = torch.load(os.path.join(os.environ["BT_RESUME_FROM"], "state.pt"), map_location=device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        start = state["epoch"] + 1
        print(f"resuming after epoch {state['epoch']} from {os.environ['BT_RESUME_FROM']}", flush=True)
    for epoch in range(start, epochs + 1):
        began = time.time()
        perm = torch.randperm(train_x.shape[0], device=device)
        for i in range(0, train_x.shape[0], 1024):
            if stop:
                save(f"ckpt-{epoch - 1}-term", epoch - 1, model, opt)
                sys.exit(0)
            idx = perm[i:i + 1024]
            loss = torch.nn.functional.mse_loss(model(train_x[idx]), train_y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(val_x), val_y).item()
        if device.type == "cuda":
            torch.cuda.synchronize()
        report({"epoch": epoch, "train_loss": loss.item(), "val_loss": val, "epoch_seconds": time.time() - began})
        save(f"ckpt-{epoch}", epoch, model, opt)
        print(f"epoch {epoch}: val_loss {val:.5f} ({time.time() - began:.2f} s)", flush=True)


if __name__ == "__main__":
    main()
