"""Coverage-guided fuzzing of the spec loader, the engine and every renderer (the target of
tests/fuzz/run.py): any input must give output or a SpecError, never another exception. Not part of
the test run; run it for a bounded time:

    pip install atheris
    python tests/fuzz/fuzz_spec.py -max_total_time=600 tests/fuzz/corpus

The corpus folder starts from the example specs and presets (copied in on the first run) and keeps
what the fuzzer finds. A crash writes crash-* files beside it and exits non-zero. Without atheris,
the same target runs under hypothesis for the given time instead: python tests/fuzz/fuzz_spec.py
--hypothesis 600.
"""
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def target(data: bytes) -> None:
    from tests.fuzz.run import check

    check(data)


def seed_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return
    for path in [*ROOT.glob("specs/*.yaml"), *ROOT.glob("cnncalc/presets/*.yaml")]:
        shutil.copy(path, folder / path.name)


def run_hypothesis(seconds: float) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = [path.read_bytes() for path in [*ROOT.glob("specs/*.yaml"), *ROOT.glob("cnncalc/presets/*.yaml")]]

    def mutate(seed: bytes, cuts: list) -> bytes:
        data = bytearray(seed)
        for position, replacement in cuts:
            at = position % (len(data) + 1)
            data[at:at + len(replacement) // 2] = replacement
        return bytes(data)

    examples = st.one_of(
        st.binary(max_size=400),
        st.builds(mutate, st.sampled_from(seeds), st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)), max_size=6)),
    )
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:
        given(examples)(settings(max_examples=500, deadline=None, database=None,
                                 suppress_health_check=list(HealthCheck))(target))()
        runs += 500
    print(f"hypothesis: {runs} inputs in {seconds:.0f} s, no failure")


def main() -> None:
    if sys.argv[1:2] == ["--hypothesis"]:
        run_hypothesis(float(sys.argv[2]) if len(sys.argv) > 2 else 60)
        return
    import atheris

    corpus = next((Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if corpus is not None:
        seed_corpus(corpus)
    with atheris.instrument_imports():
        import cnncalc  # noqa: F401  (instrument the package before fuzzing it)
        import cnncalc.render.csv  # noqa: F401
        import cnncalc.render.json  # noqa: F401
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
