"""The jixiao terminal interface (Textual). Imports `assistant`; `assistant` never imports it."""
