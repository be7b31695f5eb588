"""``python -m cahtool``."""

from cahtool.cli import main

if __name__ == "__main__":
    main()
