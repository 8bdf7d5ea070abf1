"""Storage: the only place with SQL DDL. Schema and migrations (`schema`), the
writer's file-generation protocol that keeps dashboards up during ingests
(`generations`), and bulk batch loading (`loader`)."""
