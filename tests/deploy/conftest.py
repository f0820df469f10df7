def pytest_configure(config):
    config.addinivalue_line(
        "markers", "loopback: starts PostgreSQL clusters and gunicorn servers on loopback"
    )
