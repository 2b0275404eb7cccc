"""Developer tools; tools.es_node runs the local Elasticsearch node of tools/es-node."""
