"""Staff read the DfE store in the admin; nobody changes it there."""

from dfe.services import release_import
from tests.dfe.conftest import fixture_bytes


def test_staff_read_the_store_and_cannot_change_it(staff_client):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    for model in ("localauthority", "release", "figure", "importjob"):
        assert staff_client.get(f"/admin/dfe/{model}/").status_code == 200
    page = staff_client.get("/admin/dfe/localauthority/?q=928").content.decode()
    assert "Northamptonshire" in page
    assert staff_client.get("/admin/dfe/localauthority/add/").status_code == 403
