"""``python -m zonestack`` runs the CLI (``pipenv run zonestack ...``)."""

from zonestack.cli import main

if __name__ == "__main__":
    main()
