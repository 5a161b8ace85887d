"""The Dash web app: the analyst's explorer of the actor network."""

__all__: list[str] = []
