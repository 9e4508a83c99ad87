"""Screens: the workspace and the help screen."""
