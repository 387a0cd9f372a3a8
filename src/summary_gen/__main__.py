"""``python -m summary_gen`` runs the same command line as ``summary-gen``."""

from .cli import main

if __name__ == "__main__":
    main()
