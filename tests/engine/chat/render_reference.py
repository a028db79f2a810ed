#!/usr/bin/env python3
"""Reference chat-template renderer: Jinja2 configured the way Hugging Face's
apply_chat_template configures it (transformers/utils/chat_template_utils.py).

Usage: render_reference.py --template FILE [--date YYYY-MM-DD] [--bos S] [--eos S]
                           [--tools auto|none|empty] CONVERSATION.json...
       render_reference.py --snippets SPEC.json   (unit-test rows: {variables, templates})

Prints one JSON object: {"tools": "none"|"empty", "results": [{"name", "ok", "text"|"error"}]}.
With --tools auto (default) every conversation is rendered without `tools`; if any of them
fails, all are rendered again with tools=[] (templates that need tool definitions).
A conversation file is {"messages": [...], "add_generation_prompt": bool, "extra": {...},
"tools": [...] (optional, overrides --tools)}.
"""
import argparse
import datetime
import json
import os
import sys

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment


class GenerationTracker(jinja2.ext.Extension):
    """{% generation %}...{% endgeneration %} renders its body (HF's AssistantTracker)."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def make_env(date):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def strftime_now(fmt):
        return date.strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationTracker, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def render_all(env, source, conversations, bos, eos, tools):
    results = []
    try:
        template = env.from_string(source)
    except Exception as e:  # syntax errors fail every conversation
        return [{"name": n, "ok": False, "error": f"{type(e).__name__}: {e}"} for n, _ in conversations]
    for name, conv in conversations:
        variables = dict(conv.get("extra") or {})
        variables.update(messages=conv["messages"],
                         add_generation_prompt=conv.get("add_generation_prompt", True),
                         bos_token=bos, eos_token=eos)
        if "tools" in conv:  # the conversation brings its own tool definitions
            variables["tools"] = conv["tools"]
        elif tools is not None:
            variables["tools"] = tools
        try:
            results.append({"name": name, "ok": True, "text": template.render(**variables)})
        except Exception as e:
            results.append({"name": name, "ok": False, "error": f"{type(e).__name__}: {e}"})
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template")
    ap.add_argument("--snippets", help="JSON file {variables: {...}, templates: [...]}: render each")
    ap.add_argument("--date", default="2026-01-15")
    ap.add_argument("--bos", default="<s>")
    ap.add_argument("--eos", default="</s>")
    ap.add_argument("--tools", choices=["auto", "none", "empty"], default="auto")
    ap.add_argument("conversations", nargs="*")
    args = ap.parse_args()
    date = datetime.datetime.strptime(args.date, "%Y-%m-%d")
    env = make_env(date)

    if args.snippets:
        with open(args.snippets, encoding="utf-8") as f:
            spec = json.load(f)
        out = []
        for source in spec["templates"]:
            try:
                out.append({"ok": True, "text": env.from_string(source).render(**spec["variables"])})
            except Exception as e:
                out.append({"ok": False, "error": f"{type(e).__name__}: {e}"})
        json.dump({"jinja2": jinja2.__version__, "results": out}, sys.stdout, ensure_ascii=False)
        return

    with open(args.template, encoding="utf-8") as f:
        source = f.read()
    conversations = []
    for path in args.conversations:
        with open(path, encoding="utf-8") as f:
            conversations.append((os.path.basename(path), json.load(f)))
    mode = "none" if args.tools in ("auto", "none") else "empty"
    results = render_all(env, source, conversations, args.bos, args.eos, None if mode == "none" else [])
    if args.tools == "auto" and not all(r["ok"] for r in results):
        retry = render_all(env, source, conversations, args.bos, args.eos, [])
        if sum(r["ok"] for r in retry) > sum(r["ok"] for r in results):
            mode, results = "empty", retry
    json.dump({"jinja2": jinja2.__version__, "tools": mode, "results": results}, sys.stdout,
              ensure_ascii=False)


if __name__ == "__main__":
    main()
