"""Finding PII: the Presidio engine we build, our recognizers, name lists and caching."""

from detectors.offline import use_bundled_suffix_list

use_bundled_suffix_list()
