"""The A5 step-by-step booklet: ``booklet.pdf`` and its imposed print file ``booklet-print.pdf``."""

from .job import Imposed, build_booklet, impose_booklet, render_booklet

__all__ = ["Imposed", "build_booklet", "impose_booklet", "render_booklet"]
