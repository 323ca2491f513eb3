from detectors.cache import ResultCache


def test_cache_computes_once_and_evicts_oldest():
    calls = []
    cache = ResultCache[int](max_entries=2)

    def compute(text):
        calls.append(text)
        return len(text)

    assert cache.get_or_compute("aa", compute) == 2
    assert cache.get_or_compute("aa", compute) == 2
    assert calls == ["aa"] and cache.hits == 1
    cache.get_or_compute("bbb", compute)
    cache.get_or_compute("cccc", compute)  # evicts "aa"
    cache.get_or_compute("aa", compute)
    assert calls == ["aa", "bbb", "cccc", "aa"]
