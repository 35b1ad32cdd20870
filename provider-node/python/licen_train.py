#!/usr/bin/env python3
"""LICEN external trainer: LoRA fine-tuning with PyTorch + PEFT (CUDA when present), for GPU providers.

Invoked by the provider node (createExternalTrainer) with 0G's fine-tuning executor argv:
    licen_train.py --data_path DATA --model_path BASE_DIR --config_path CONFIG.json --output_dir OUT
and speaks protocol licen-trainer/1 (see PROTOCOL.md): JSON lines on stdout, free-form logs on stderr.
After each finished epoch the adapter is saved to OUT/epoch-<n>/ (PEFT layout) before the `epoch` event.
Only whole epochs count: SIGTERM or the time budget drop the unfinished one. Nothing is downloaded.

Module-level code needs only the standard library, so the data handling can be imported and tested anywhere.
"""

import argparse
import json
import math
import os
import random
import signal
import sys
import time

PROTOCOL = "licen-trainer/1"

# The embedded byte template (provider-node/src/trainer/embedded/byteTokenizer.ts), for --tokenizer bytes.
BOS, EOS, PAD, SYSTEM, USER, ASSISTANT = 256, 257, 258, 259, 260, 261
ROLE_TOKEN = {"system": SYSTEM, "user": USER, "assistant": ASSISTANT}

DEFAULT_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class TrainerFailure(Exception):
    """A failure with a stable protocol error code (never carries training data)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--data_path", "--model_path", "--config_path", "--output_dir"):
        parser.add_argument(name, required=True)
    return parser.parse_args(argv)


def load_config(path):
    """Reads the config file: LICEN's keys, with 0G executor / Hugging Face names and defaults."""
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    if not isinstance(raw, dict):
        raise TrainerFailure("INVALID_CONFIG", "config is not a JSON object")

    def number(key, default, cast=float, low=None, high=None):
        value = raw.get(key, default)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TrainerFailure("INVALID_CONFIG", f"{key} is not a number")
        value = cast(value)
        if (low is not None and value < low) or (high is not None and value > high):
            raise TrainerFailure("INVALID_CONFIG", f"{key} is out of range")
        return value

    targets = raw.get("target_modules", DEFAULT_TARGETS)
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
        raise TrainerFailure("INVALID_CONFIG", "target_modules is not a list of names")
    tokenizer = raw.get("tokenizer", "hf")
    if tokenizer not in ("hf", "bytes"):
        raise TrainerFailure("INVALID_CONFIG", "tokenizer is not hf or bytes")
    max_seconds = raw.get("max_seconds")
    return {
        "epochs": number("num_train_epochs", 1, int, 1, 65535),
        "learning_rate": number("learning_rate", 2e-4, float, 0, 1),
        "batch_size": number("per_device_train_batch_size", 4, int, 1, 4096),
        "grad_accumulation": number("gradient_accumulation_steps", 1, int, 1, 4096),
        "max_seq_len": number("max_seq_length", 1024, int, 8, 1 << 20),
        "lora_r": number("lora_r", 16, int, 1, 4096),
        "lora_alpha": number("lora_alpha", 32, float, 0),
        "lora_dropout": number("lora_dropout", 0.0, float, 0, 0.99),
        "target_modules": targets,
        "warmup_ratio": number("warmup_ratio", 0.05, float, 0, 1),
        "min_lr_ratio": number("min_learning_rate_ratio", 0.1, float, 0, 1),
        "max_grad_norm": number("max_grad_norm", 1.0, float, 0),
        "seed": number("seed", 0, int, 0, 2**32 - 1),
        "max_seconds": None if max_seconds is None else number("max_seconds", None, float, 0),
        "tokenizer": tokenizer,
    }


def normalize(record):
    """One JSONL record as ('chat', messages) | ('completion', prompt, completion) | ('text', text).

    Accepts the node's normalised shapes and, for direct use by 0G's executor, {instruction, input?, output}."""
    if not isinstance(record, dict):
        raise TrainerFailure("INVALID_DATASET", "a dataset line is not an object")
    if isinstance(record.get("messages"), list):
        messages = []
        for message in record["messages"]:
            if not isinstance(message, dict) or message.get("role") not in ROLE_TOKEN or not isinstance(message.get("content"), str):
                raise TrainerFailure("INVALID_DATASET", "a chat message is malformed")
            messages.append({"role": message["role"], "content": message["content"]})
        return ("chat", messages)
    if isinstance(record.get("prompt"), str) and isinstance(record.get("completion"), str):
        return ("completion", record["prompt"], record["completion"])
    if isinstance(record.get("text"), str):
        return ("text", record["text"])
    if isinstance(record.get("instruction"), str) and isinstance(record.get("output"), str):
        user = record["instruction"] + (f"\n\n{record['input']}" if record.get("input") else "")
        return ("chat", [{"role": "user", "content": user}, {"role": "assistant", "content": record["output"]}])
    raise TrainerFailure("INVALID_DATASET", "a dataset line has no known shape")


def read_examples(data_path):
    """Reads the JSONL dataset (a file, or the first *.jsonl / *.json file of a directory)."""
    if os.path.isdir(data_path):
        files = sorted(name for name in os.listdir(data_path) if name.endswith((".jsonl", ".json")))
        if not files:
            raise TrainerFailure("INPUT_MISSING", "the data directory holds no .jsonl file")
        data_path = os.path.join(data_path, files[0])
    examples = []
    with open(data_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError:
                    raise TrainerFailure("INVALID_DATASET", "a dataset line is not JSON") from None
                examples.append(normalize(record))
    if not examples:
        raise TrainerFailure("INVALID_DATASET", "the dataset is empty")
    return examples


def tokenize_bytes(example, max_len):
    """The embedded byte template: token ids and which of them are learned (1) — identical to byteTokenizer.ts."""
    ids, learned = [BOS], [0]

    def push(tokens, learn):
        ids.extend(tokens)
        learned.extend([learn] * len(tokens))

    kind = example[0]
    if kind == "chat":
        for message in example[1]:
            learn = 1 if message["role"] == "assistant" else 0
            push([ROLE_TOKEN[message["role"]]], 0)
            push(list(message["content"].encode("utf-8")), learn)
            push([EOS], learn)
    elif kind == "completion":
        push(list(example[1].encode("utf-8")), 0)
        push(list(example[2].encode("utf-8")), 1)
        push([EOS], 1)
    else:
        push(list(example[1].encode("utf-8")), 1)
        push([EOS], 1)
    return ids[:max_len], learned[:max_len]


def tokenize_hf(tokenizer, example, max_len):
    """The base model's own tokenizer: its chat template for chat (learning assistant turns), plain text otherwise."""
    ids, learned = [], []
    kind = example[0]
    if kind == "chat":
        messages = example[1]
        for i in range(len(messages)):
            rendered = tokenizer.apply_chat_template(messages[: i + 1], tokenize=True)
            rendered = rendered["input_ids"] if isinstance(rendered, dict) else list(rendered)
            new = rendered[len(ids):]
            ids.extend(new)
            learned.extend([1 if messages[i]["role"] == "assistant" else 0] * len(new))
    else:
        eos = [tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else []
        prefix = tokenizer(example[1], add_special_tokens=True)["input_ids"] if kind == "completion" else []
        body = example[2] if kind == "completion" else example[1]
        target = tokenizer(body, add_special_tokens=kind == "text")["input_ids"] + eos
        ids, learned = prefix + target, [0] * len(prefix) + [1] * len(target)
    return ids[:max_len], learned[:max_len]


def learning_rate_at(step, total_steps, peak, warmup_ratio, min_ratio):
    """Linear warmup (at least one step), then cosine decay to peak × min_ratio — as learningRate.ts."""
    warmup = max(1, int(warmup_ratio * total_steps))
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total_steps - warmup))
    return peak * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


class Protocol:
    """Writes protocol events to the original stdout; anything else that prints goes to stderr."""

    def __init__(self):
        self.out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def emit(self, **event):
        self.out.write(json.dumps(event, separators=(",", ":")) + "\n")
        self.out.flush()


def train(args, config, protocol):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))
    started = time.time()
    random.seed(config["seed"])
    torch.manual_seed(config["seed"])
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.bfloat16 if device == "cuda" else torch.float32

    examples = read_examples(args.data_path)
    if config["tokenizer"] == "bytes":
        encoded = [tokenize_bytes(example, config["max_seq_len"]) for example in examples]
        pad = PAD
    else:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(args.model_path)
        encoded = [tokenize_hf(tokenizer, example, config["max_seq_len"]) for example in examples]
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)

    model = AutoModelForCausalLM.from_pretrained(args.model_path, torch_dtype=dtype)
    lora = LoraConfig(
        r=config["lora_r"],
        lora_alpha=config["lora_alpha"],
        lora_dropout=config["lora_dropout"],
        target_modules=config["target_modules"],
        bias="none",
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, lora).to(device)
    trainable = [parameter for parameter in model.parameters() if parameter.requires_grad]
    for parameter in trainable:
        parameter.data = parameter.data.float()
    protocol.emit(
        event="start",
        protocol=PROTOCOL,
        examples=len(examples),
        trainable_params=sum(parameter.numel() for parameter in trainable),
        device=device,
    )

    optimizer = torch.optim.AdamW(trainable, lr=config["learning_rate"], weight_decay=0.0)
    batch_size, accumulation = config["batch_size"], config["grad_accumulation"]
    batches_per_epoch = math.ceil(len(encoded) / batch_size)
    steps_per_epoch = math.ceil(batches_per_epoch / accumulation)
    total_steps = steps_per_epoch * config["epochs"]
    order = random.Random(config["seed"])
    step, finished, last_epoch_seconds = 0, 0, 0.0
    model.train()

    def out_of_time():
        budget = config["max_seconds"]
        return budget is not None and time.time() - started > budget

    for epoch in range(1, config["epochs"] + 1):
        budget = config["max_seconds"]
        if budget is not None and time.time() - started + last_epoch_seconds > budget:
            break
        epoch_started = time.time()
        indices = list(range(len(encoded)))
        order.shuffle(indices)
        loss_sum, loss_tokens, tokens = 0.0, 0, 0
        for batch_index in range(batches_per_epoch):
            if stop["requested"]:
                sys.exit(143)
            if out_of_time():
                break
            batch = [encoded[i] for i in indices[batch_index * batch_size:(batch_index + 1) * batch_size]]
            length = max(len(ids) for ids, _ in batch)
            input_ids = torch.full((len(batch), length), pad, dtype=torch.long)
            labels = torch.full((len(batch), length), -100, dtype=torch.long)
            attention = torch.zeros((len(batch), length), dtype=torch.long)
            for row, (ids, learned) in enumerate(batch):
                input_ids[row, : len(ids)] = torch.tensor(ids)
                attention[row, : len(ids)] = 1
                labels[row, : len(ids)] = torch.tensor([token if learn else -100 for token, learn in zip(ids, learned)])
            with torch.autocast(device_type=device, dtype=dtype, enabled=device == "cuda"):
                output = model(input_ids=input_ids.to(device), attention_mask=attention.to(device), labels=labels.to(device))
            (output.loss / accumulation).backward()
            batch_loss_tokens = int((labels[:, 1:] != -100).sum())
            loss_sum += float(output.loss) * batch_loss_tokens
            loss_tokens += batch_loss_tokens
            tokens += int(attention.sum())
            if (batch_index + 1) % accumulation == 0 or batch_index + 1 == batches_per_epoch:
                for group in optimizer.param_groups:
                    group["lr"] = learning_rate_at(
                        step, total_steps, config["learning_rate"], config["warmup_ratio"], config["min_lr_ratio"]
                    )
                if config["max_grad_norm"] > 0:
                    torch.nn.utils.clip_grad_norm_(trainable, config["max_grad_norm"])
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                step += 1
                elapsed = max(1e-9, time.time() - epoch_started)
                protocol.emit(
                    event="step",
                    epoch=epoch,
                    step=step,
                    total_steps=total_steps,
                    loss=float(output.loss),
                    tokens_per_second=tokens / elapsed,
                )
        else:
            last_epoch_seconds = time.time() - epoch_started
            if not math.isfinite(loss_sum):
                raise TrainerFailure("NON_FINITE_LOSS", "training diverged")
            epoch_dir = os.path.join(args.output_dir, f"epoch-{epoch}")
            model.save_pretrained(epoch_dir, safe_serialization=True)
            finished = epoch
            protocol.emit(
                event="epoch",
                epoch=epoch,
                samples=len(encoded),
                loss=loss_sum / max(1, loss_tokens),
                tokens=tokens,
                seconds=last_epoch_seconds,
                adapter_dir=f"epoch-{epoch}",
            )
            continue
        break  # the budget ran out mid-epoch: that epoch does not count
    reason = "completed" if finished == config["epochs"] else "time_budget"
    protocol.emit(event="done", epochs_completed=finished, stop_reason=reason)


def main(argv):
    args = parse_args(argv)
    protocol = Protocol()
    try:
        config = load_config(args.config_path)
        train(args, config, protocol)
    except TrainerFailure as failure:
        print(f"licen_train: {failure.code}: {failure}", file=sys.stderr)
        protocol.emit(event="error", code=failure.code)
        sys.exit(1)
    except FileNotFoundError as error:
        print(f"licen_train: input missing: {error}", file=sys.stderr)
        protocol.emit(event="error", code="INPUT_MISSING")
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - every failure must end in a protocol error
        import traceback

        traceback.print_exc()
        oom = type(error).__name__ == "OutOfMemoryError"
        protocol.emit(event="error", code="CUDA_OUT_OF_MEMORY" if oom else "TRAINER_EXCEPTION")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
