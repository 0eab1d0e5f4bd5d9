#!/bin/sh
# Score route inference, merging and launch tracks on the story set (tests/fixtures/stories/):
#   scripts/score-stories.sh            the dev set (asserts no false route and the floor)
#   scripts/score-stories.sh heldout    the held-out set (report only; score it at the end)
#   scripts/score-stories.sh all        both
# Prints a Markdown table row per set and the stories that are not right.
set -eu
cd "$(dirname "$0")/.."
case "${1:-dev}" in
  dev) cargo test --release --quiet --test it -- --nocapture story_set::dev_story_set ;;
  heldout) cargo test --release --quiet --test it -- --nocapture --ignored story_set::heldout_story_set ;;
  all) cargo test --release --quiet --test it -- --nocapture --include-ignored story_set:: ;;
  *) echo "usage: $0 [dev|heldout|all]" >&2; exit 2 ;;
esac
