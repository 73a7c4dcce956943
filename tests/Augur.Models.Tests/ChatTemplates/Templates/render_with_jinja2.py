"""Renders a template file with Python Jinja2 set up as Hugging Face's apply_chat_template sets it up.

An independent oracle for the expected strings in the C# tests (it shares no code with Augur's renderer):
    python3 render_with_jinja2.py TEMPLATE.jinja CONTEXT.json
CONTEXT.json holds the variables: messages, add_generation_prompt, bos_token, eos_token, tools, ...
"now" (ISO date) fixes the clock strftime_now reads. The rendered text is printed as a JSON string.
"""
import datetime
import json
import sys

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment


def main(template_path, context_path):
    with open(template_path, encoding="utf-8", newline="") as f:
        source = f.read()
    with open(context_path, encoding="utf-8") as f:
        context = json.load(f)
    now = datetime.datetime.fromisoformat(context.pop("now", "2024-07-26T09:30:00"))

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: now.strftime(fmt)
    try:
        print(json.dumps(env.from_string(source).render(**context), ensure_ascii=False))
    except jinja2.exceptions.TemplateError as e:
        print("RAISES " + json.dumps(str(e), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
