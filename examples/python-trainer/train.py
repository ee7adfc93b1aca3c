#!/usr/bin/env python3
"""A trainer that follows batchtrain's command contract, using only Python's standard library.

Linear regression by minibatch SGD on a CSV dataset (every numeric column but the target and the
--ignore ones is a feature). It shows each part of the contract (docs/job-contract.md, "Command trainers"):

- hyperparameters three ways: --lr/--epochs from the command's {placeholders}, BT_HP_BATCH_SIZE from
  the environment, l2 from the typed JSON file BT_HYPERPARAMETERS_FILE;
- the dataset at BT_DATA_PATH (a file, or a directory of .csv files);
- one JSON line per epoch appended to BT_METRICS_FILE;
- a checkpoint per epoch written into its own directory of BT_CHECKPOINT_DIR, then announced;
- resume from BT_RESUME_FROM when the harness restored a checkpoint (a retry after a spot reclaim);
- SIGTERM: save and announce a checkpoint, then exit (the harness exits 75 and the retry resumes);
- exit 65 with a one-line reason in BT_OUTPUT_DIR/failure when the data does not fit.
"""
import argparse
import csv
import json
import math
import os
import random
import signal
import sys

stop_requested = False


def on_sigterm(signum, frame):
    global stop_requested
    stop_requested = True


def fail(code, reason):
    with open(os.path.join(os.environ["BT_OUTPUT_DIR"], "failure"), "w") as f:
        f.write(reason + "\n")
    print(reason, file=sys.stderr)
    sys.exit(code)


def csv_files(path):
    if os.path.isdir(path):
        return sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".csv"))
    return [path]


def load(path, target, ignore):
    rows, header = [], None
    for name in csv_files(path):
        with open(name, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            file_header = next(reader, None)
            if header is None:
                header = file_header
            for line, row in enumerate(reader, start=2):
                if row:
                    rows.append((name, line, row))
    if not header or target not in header:
        fail(65, f"{path}: no target column '{target}' (header has {header})")
    t = header.index(target)
    numeric = []
    for i, column in enumerate(header):
        try:
            float(rows[0][2][i])
            numeric.append(i)
        except (ValueError, IndexError):
            pass
    features = [i for i in numeric if i != t and header[i] not in ignore]
    xs, ys = [], []
    for name, line, row in rows:
        try:
            xs.append([float(row[i]) for i in features])
            ys.append(float(row[t]))
        except (ValueError, IndexError):
            fail(65, f"{name}:{line}: expected numbers in {[header[i] for i in features + [t]]}")
    return [header[i] for i in features], xs, ys


def standardize(xs):
    n, d = len(xs), len(xs[0])
    mean = [sum(x[j] for x in xs) / n for j in range(d)]
    std = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / n) or 1.0 for j in range(d)]
    return [[(x[j] - mean[j]) / std[j] for j in range(d)] for x in xs]


def mse(w, b, xs, ys):
    return sum((sum(wj * xj for wj, xj in zip(w, x)) + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def save_checkpoint(name, epoch, w, b):
    directory = os.path.join(os.environ["BT_CHECKPOINT_DIR"], name)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "model.json"), "w") as f:
        json.dump({"epoch": epoch, "weights": w, "bias": b}, f)
    # Announced only once complete: the harness keeps announced checkpoints only.
    report({"checkpoint": name, "epoch": epoch})


def report(line):
    with open(os.environ["BT_METRICS_FILE"], "a") as f:
        f.write(json.dumps(line) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--target", default="memory_gb")
    # The built-in calcloud dataset's other targets: features they are not.
    parser.add_argument("--ignore", default="mem_bin,wallclock_s")
    args = parser.parse_args()
    batch_size = int(os.environ.get("BT_HP_BATCH_SIZE", "64"))
    with open(os.environ["BT_HYPERPARAMETERS_FILE"]) as f:
        l2 = float(json.load(f).get("l2", 0.0))
    signal.signal(signal.SIGTERM, on_sigterm)

    names, xs, ys = load(os.environ["BT_DATA_PATH"], args.target, set(args.ignore.split(",")))
    xs = standardize(xs)
    order = list(range(len(xs)))
    random.Random(7).shuffle(order)
    cut = int(len(order) * 0.8)
    train = [order[i] for i in range(cut)]
    val_x, val_y = [xs[i] for i in order[cut:]], [ys[i] for i in order[cut:]]

    w, b, start = [0.0] * len(names), 0.0, 1
    resume = os.environ.get("BT_RESUME_FROM")
    if resume:
        with open(os.path.join(resume, "model.json")) as f:
            state = json.load(f)
        w, b, start = state["weights"], state["bias"], state["epoch"] + 1
        print(f"resuming after epoch {state['epoch']} from {resume}")

    rng = random.Random(start)
    for epoch in range(start, args.epochs + 1):
        rng.shuffle(train)
        for k in range(0, len(train), batch_size):
            if stop_requested:
                save_checkpoint(f"ckpt-{epoch - 1}-stopped", epoch - 1, w, b)
                print("SIGTERM: checkpoint saved, exiting")
                sys.exit(0)
            batch = train[k:k + batch_size]
            grad_w, grad_b = [0.0] * len(w), 0.0
            for i in batch:
                err = sum(wj * xj for wj, xj in zip(w, xs[i])) + b - ys[i]
                for j, xj in enumerate(xs[i]):
                    grad_w[j] += err * xj
                grad_b += err
            n = len(batch)
            w = [wj - args.lr * (gj / n + l2 * wj) for wj, gj in zip(w, grad_w)]
            b -= args.lr * grad_b / n
        train_loss = mse(w, b, [xs[i] for i in train], [ys[i] for i in train])
        val_loss = mse(w, b, val_x, val_y)
        if not math.isfinite(val_loss):
            fail(1, f"diverged at epoch {epoch} (learning rate {args.lr} too high)")
        report({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
        save_checkpoint(f"ckpt-{epoch}", epoch, w, b)
        print(f"epoch {epoch}: train_loss {train_loss:.5f} val_loss {val_loss:.5f}")

    with open(os.path.join(os.environ["BT_OUTPUT_DIR"], "weights.json"), "w") as f:
        json.dump(dict(zip(names, w), bias=b), f, indent=2)


if __name__ == "__main__":
    main()
