// `npm start` entry point. The local gateway (HTTP + WebSocket, same Lambda entrypoints) arrives in
// the local-mode change; until then this says so instead of pretending.
console.log('pushgate: local mode arrives in a later change. Run the tests with `npm test`.');
