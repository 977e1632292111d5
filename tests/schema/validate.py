#!/usr/bin/env python3
"""Validates JSON Lines instances against a JSON Schema (Draft 2020-12).

Usage: validate.py SCHEMA INSTANCES

SCHEMA is a JSON Schema file; INSTANCES holds one JSON value per line. The schema
itself is checked first. Then, for each line of INSTANCES in order, one line is
printed: `valid`, or `invalid: MESSAGE (at PATH)` with the best-matching error.
Exits 0 when every line was checked (whatever the verdicts), 2 on a setup problem:
jsonschema missing, an unreadable file, a bad schema, an instance that is not JSON.
The caller compares the verdicts with what it expects.
"""

import json
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
        from jsonschema import Draft202012Validator
    except ImportError as e:
        print(f"validate.py: cannot import jsonschema ({e}); install it with "
              f"`{sys.executable} -m pip install jsonschema`", file=sys.stderr)
        return 2
    schema_path, instances_path = sys.argv[1], sys.argv[2]
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate.py: {schema_path}: not a usable Draft 2020-12 schema: {e}",
              file=sys.stderr)
        return 2
    validator = Draft202012Validator(schema)
    with open(instances_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        try:
            instance = json.loads(line)
        except ValueError as e:
            print(f"validate.py: {instances_path}:{n}: not JSON: {e}", file=sys.stderr)
            return 2
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is None:
            print("valid")
        else:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            message = error.message.replace("\n", " ")
            print(f"invalid: {message} (at {where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
