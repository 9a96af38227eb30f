"""``terraform_data``: Terraform's built-in resource that stores a value (Terraform >= 1.4).

No provider is needed. Its ``output`` attribute mirrors ``input`` once applied,
which makes it a stand-in for "a resource with an attribute" in examples and
tests (e.g. a server and its address).
"""

from __future__ import annotations

from typing import Any

from constructs_lib.cdk import Construct, TerraformResource


class TerraformData(TerraformResource):
    """``resource "terraform_data" "<id>" { input = ... }``.

    ``output`` is a cdktf token for the applied value (usable in any stack).
    """

    def __init__(self, scope: Construct, id: str, *, input: Any) -> None:  # noqa: A002 - Terraform's name
        super().__init__(scope, id, terraform_resource_type="terraform_data")
        self._input = input

    @property
    def output(self) -> str:
        """The stored value, as a string token."""
        return self.get_string_attribute("output")

    def _synthesize_attributes(self) -> dict[str, Any]:
        return {"input": self._input}
