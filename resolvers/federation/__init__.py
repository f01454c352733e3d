"""The provincial platform (省级平台): what a city deployment offers its province — the
change feed and the natural keys records are matched by across deployments."""
