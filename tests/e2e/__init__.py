"""Browser tests. A package, so that the browser and the server (package-scoped fixtures) stop after its last
test: Playwright's sync API keeps an asyncio loop running, which later tests' asyncio.run() cannot share."""
