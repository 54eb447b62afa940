"""The detector's network, trained with torch and run with numpy (unspin/detect/model.py).

Per word: a hidden layer over the word's features gives a word logit. Per
sentence: the hidden vectors of its words are max- and mean-pooled into a
sentence logit. A word is flagged with probability sigmoid(word) * sigmoid(sentence):
loaded wording in a sentence that reads as biased. Trained jointly on the
annotators' words and on the sentence labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Batchable:
    """One unit (a labelled text) as arrays."""

    x: np.ndarray  # float32 [n, D]
    y: np.ndarray  # float32 [n] word labels
    word_weight: float  # 0 when the text has no word annotation
    biased: float  # sentence label
    sentence_weight: float  # 0 when the label is unknown


def train_net(
    units: list[Batchable],
    hidden: int,
    epochs: int,
    seed: int,
    lr: float = 1e-3,
    weight_decay: float = 1e-4,
    dropout: float = 0.2,
    sentence_loss: float = 1.0,
    batch: int = 64,
) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)  # AdamW moments underflow to denormals, which are ~100x slower on CPU
    rng = np.random.default_rng(seed)
    dim = units[0].x.shape[1]
    w1 = torch.nn.Linear(dim, hidden)
    wt = torch.nn.Linear(hidden, 1)
    ws = torch.nn.Linear(2 * hidden, 1)
    params = [*w1.parameters(), *wt.parameters(), *ws.parameters()]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    drop = torch.nn.Dropout(dropout)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    tensors = [(torch.from_numpy(u.x), torch.from_numpy(u.y)) for u in units]
    word_w = torch.tensor([u.word_weight for u in units])
    labels = torch.tensor([u.biased for u in units])
    sent_w = torch.tensor([u.sentence_weight for u in units])
    by_length = np.argsort([len(u.y) for u in units], kind="stable")
    batches = [by_length[s : s + batch] for s in range(0, len(by_length), batch)]
    pad = torch.nn.utils.rnn.pad_sequence
    for _ in range(epochs):
        for b in rng.permutation(len(batches)):
            chunk = batches[b]
            x = pad([tensors[i][0] for i in chunk], batch_first=True)
            y = pad([tensors[i][1] for i in chunk], batch_first=True)
            mask = pad([torch.ones(len(tensors[i][1])) for i in chunk], batch_first=True)
            ww = word_w[chunk][:, None] * mask
            sl = labels[chunk]
            sw = sent_w[chunk]
            h = drop(torch.relu(w1(drop(x))))
            t = wt(h).squeeze(-1)
            pooled_max = (h - 1e4 * (1 - mask[..., None])).max(1).values
            pooled_mean = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            z = ws(torch.cat([pooled_max, pooled_mean], -1)).squeeze(-1)
            # log p(word) = logsigmoid(t) + logsigmoid(z); log(1 - p) computed stably
            log_p = torch.nn.functional.logsigmoid(t) + torch.nn.functional.logsigmoid(z)[:, None]
            log_not_p = torch.log1p(-torch.exp(log_p).clamp(max=1 - 1e-6))
            word_loss = -(ww * (y * log_p + (1 - y) * log_not_p)).sum() / ww.sum().clamp(min=1)
            sent_loss = (sw * bce(z, sl, reduction="none")).sum() / sw.sum().clamp(min=1)
            loss = word_loss + sentence_loss * sent_loss
            opt.zero_grad()
            loss.backward()
            opt.step()
    return {
        "w1": w1.weight.detach().numpy().T.copy(),
        "b1": w1.bias.detach().numpy().copy(),
        "wt": wt.weight.detach().numpy()[0].copy(),
        "bt": wt.bias.detach().numpy().copy(),
        "ws": ws.weight.detach().numpy()[0].copy(),
        "bs": ws.bias.detach().numpy().copy(),
    }
