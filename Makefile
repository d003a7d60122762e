check: lint types test

fmt:
	ruff format src tests bench tools

lint:
	ruff format --check src tests bench tools
	ruff check src tests bench tools

types:
	mypy

test:
	python3 -m pytest

.PHONY: check fmt lint types test
