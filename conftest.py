"""Shared pytest fixtures for every test directory: site/institution fixtures and the Playwright browser."""

pytest_plugins = ["tests.fixtures", "tests.browser.fixtures"]
