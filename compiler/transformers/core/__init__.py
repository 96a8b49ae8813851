"""What the transformers share: the work state and option fields (``base``), the
Liquid guard (``liquid_guard``), the lossless markup tree they edit (``markup``)
and the stylesheet reader (``stylesheet``)."""
