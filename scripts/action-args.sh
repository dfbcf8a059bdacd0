# Sourced by the steps of action.yml: the npm package to run and the arguments of `check`, from
# the action's inputs (INPUT_* environment variables set by each step).
read -r -a AUDIT_EVENTS_ARGS <<< "${INPUT_PATHS:-.}"
if [ -n "${INPUT_PYTHON_VERSION:-}" ]; then
  AUDIT_EVENTS_ARGS+=(--python-version "$INPUT_PYTHON_VERSION")
fi
if [ -n "${INPUT_PACKAGE:-}" ]; then
  AUDIT_EVENTS_PACKAGE=$INPUT_PACKAGE
else
  # The npm release that matches the action's tag, so `uses: ...@v0.1.0` runs 0.1.0.
  AUDIT_EVENTS_PACKAGE="python-audit-events@$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
fi
