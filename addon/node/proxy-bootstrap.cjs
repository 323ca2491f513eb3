'use strict';
// Anonamoose: make Node's built-in fetch honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
// Loaded with NODE_OPTIONS="--require <this file>" (see `anonamoose env`). Node before 24 (and 22.21)
// ignores those variables for fetch; undici's EnvHttpProxyAgent, set as the global dispatcher, makes
// fetch (and SDKs built on it) use the proxy. Without undici installed nothing can be done here, so
// we say so on stderr rather than let LLM traffic bypass the proxy unnoticed.
(function installProxyDispatcher() {
  const env = process.env;
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return;

  const [major, minor] = process.versions.node.split('.').map(Number);
  const nativeEnvProxy = env.NODE_USE_ENV_PROXY === '1' && (major >= 24 || (major === 22 && minor >= 21));
  if (nativeEnvProxy) return;

  const path = require('path');
  // The user's project first, then a global npm install (<prefix>/lib/node_modules), then NODE_PATH.
  const searchFrom = [process.cwd(), path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules')];
  let undici = null;
  for (const from of searchFrom) {
    try {
      undici = require(require.resolve('undici', { paths: [from] }));
      break;
    } catch (error) {
      // Not installed there; try the next place.
    }
  }
  if (undici && typeof undici.EnvHttpProxyAgent === 'function') {
    undici.setGlobalDispatcher(new undici.EnvHttpProxyAgent());
    return;
  }
  if (env.ANONAMOOSE_NODE_QUIET !== '1') {
    process.stderr.write(
      'anonamoose: Node ' + process.versions.node + ' fetch ignores HTTPS_PROXY; install undici ' +
        '(npm install undici) in this project or globally, or use Node >= 24 with NODE_USE_ENV_PROXY=1\n'
    );
  }
})();
