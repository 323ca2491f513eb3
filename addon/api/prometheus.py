"""Prometheus exposition of the store's flow-log figures (addon.operations.metrics), built fresh per scrape."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from addon.operations.metrics import Histogram, flow_metrics


def _histogram(name: str, documentation: str, histogram: Histogram) -> HistogramMetricFamily:
    return HistogramMetricFamily(name, documentation, buckets=histogram.cumulative(), sum_value=histogram.total)


class FlowLogCollector(Collector):
    """Counters and histograms over every flow the store holds (they drop when the log is cleared or purged)."""

    def collect(self) -> Iterator[Metric]:
        figures = flow_metrics()
        requests = CounterMetricFamily("anonamoose_requests", "Requests proxied.", labels=["provider", "status"])
        for (provider, status), count in sorted(figures["requests"].items()):
            requests.add_metric([provider, status], count)
        yield requests
        by_type = CounterMetricFamily("anonamoose_pii", "PII values redacted, by entity type.", labels=["entity_type"])
        for entity_type, count in sorted(figures["pii_by_type"].items()):
            by_type.add_metric([entity_type], count)
        yield by_type
        by_layer = CounterMetricFamily("anonamoose_pii_layer", "PII values redacted, by layer.", labels=["layer"])
        for layer, count in sorted(figures["pii_by_layer"].items()):
            by_layer.add_metric([layer], count)
        yield by_layer
        refused = CounterMetricFamily("anonamoose_refusals", "Requests refused (fail closed).", labels=["status"])
        for status, count in sorted(figures["refused_by_status"].items()):
            refused.add_metric([status], count)
        yield refused
        yield CounterMetricFamily(
            "anonamoose_placeholders_restored", "Placeholders restored in replies.", value=figures["restored"]
        )
        yield CounterMetricFamily(
            "anonamoose_placeholders_unknown", "Placeholders in replies left as written.", value=figures["unknown"]
        )
        yield _histogram("anonamoose_request_duration_seconds", "Request time through the proxy.", figures["duration"])
        yield _histogram("anonamoose_detect_duration_seconds", "Detection time per request.", figures["detect"])


def exposition() -> bytes:
    """The text format Prometheus scrapes."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FlowLogCollector())
    return generate_latest(registry)
