async def test_health_and_readiness(client, app):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    await app.state.embedder
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "search_model": "ok"}


async def test_openapi_document_lists_the_registry(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "/public/licences" in paths
    assert "/licences/{licence_id}/transitions" in paths
