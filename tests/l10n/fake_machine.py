"""A machine translation backend for tests: marks each text so a draft is recognisable."""


class FakeBackend:
    calls: list[tuple[tuple[str, ...], str]] = []

    def translate(self, texts, *, source, target):
        FakeBackend.calls.append((tuple(texts), target))
        return [f"[{target}] {text}" for text in texts]
