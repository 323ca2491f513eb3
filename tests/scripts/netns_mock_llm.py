"""TEST ONLY: the LLM mock on 0.0.0.0:443 inside a network namespace, for the transparent-gateway test.

Run as `ip netns exec NS python netns_mock_llm.py CERT KEY`: prints "ready" once listening, and on stdin's
end prints the JSON bodies it received, one per line, then exits.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

E2E_DIR = Path(__file__).resolve().parents[1] / "e2e"


def load_mock_module() -> Any:
    spec = importlib.util.spec_from_file_location("netns_mock_llm_impl", E2E_DIR / "mock_llm.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    mock_llm = load_mock_module()

    def listen_on_https_port(self: Any, mock: Any, context: Any) -> None:
        # The gateway proxy connects to the original destination address, port 443: listen there.
        self.mock, self.context = mock, context
        ThreadingHTTPServer.__init__(self, ("0.0.0.0", 443), mock_llm._Handler)

    mock_llm._TLSServer.__init__ = listen_on_https_port
    mock = mock_llm.MockLLM(cert_file=Path(sys.argv[1]), key_file=Path(sys.argv[2]))
    print("ready", flush=True)
    sys.stdin.read()
    for request in mock.requests:
        print(json.dumps({"host": request.host, "body": request.body.decode("utf-8", "replace")}), flush=True)
    mock.stop()


if __name__ == "__main__":
    main()
