import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations import services
from organisations.models import Department, Membership, Organisation, User


@pytest.mark.django_db
class TestOrganisation:
    @pytest.mark.parametrize("cvr", ["1234567", "1234567a", "ABCDEFGH", "123456789", "1234 567"])
    def test_it_rejects_a_malformed_cvr_with_a_danish_message(self, cvr):
        with pytest.raises(ValidationError) as excinfo:
            services.organisation_create(name="Forkert", kind="housing", cvr=cvr)
        assert "8 cifre" in " ".join(excinfo.value.message_dict["cvr"])
        assert not Organisation.objects.exists()

    def test_a_blank_cvr_is_allowed_many_times(self):
        services.organisation_create(name="Kommune A", kind="municipality", cvr="")
        services.organisation_create(name="Kommune B", kind="municipality", cvr="")
        assert Organisation.objects.count() == 2

    def test_a_cvr_is_unique_when_given(self):
        services.organisation_create(name="A", kind="housing", cvr="12345678")
        with pytest.raises(ValidationError) as excinfo:
            services.organisation_create(name="B", kind="housing", cvr="12345678")
        assert "cvr" in excinfo.value.message_dict

    def test_the_database_refuses_a_bad_cvr_even_past_validation(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisation.objects.create(name="Uden validering", kind="housing", cvr="12ab5678")


@pytest.mark.django_db
class TestDepartment:
    def test_a_number_is_unique_within_its_organisation(self, fjordbo):
        with pytest.raises(ValidationError) as excinfo:
            services.department_create(organisation=fjordbo, number="101", name="Dublet")
        assert "Afdelingsnummeret er allerede brugt" in str(excinfo.value)
        assert fjordbo.departments.count() == 1

    def test_the_same_number_may_exist_in_another_organisation(self, fjordbo, nordlys):
        assert Department.objects.filter(number="101").count() == 2

    def test_the_database_enforces_uniqueness_too(self, fjordbo):
        with pytest.raises(IntegrityError), transaction.atomic():
            Department.objects.create(organisation=fjordbo, number="101", name="Dublet")


@pytest.mark.django_db
class TestMembershipAndUser:
    def test_roles_and_job_function_are_separate(self, bob):
        membership = bob.memberships.get()
        assert membership.roles == {"staff"}
        assert membership.job_function.code == "ejendomsfunktionaer"

    def test_a_membership_needs_a_role(self, fjordbo, bob):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(user=bob).update(role_staff=False)

    def test_a_department_of_another_organisation_is_refused(self, fjordbo, nordlys):
        user = services.user_create(email="x@example.dk", password="Hemmelig-kode-1")
        with pytest.raises(ValidationError) as excinfo:
            services.membership_create(
                user=user,
                organisation=fjordbo,
                roles=["staff"],
                department=nordlys.departments.get(),
            )
        assert "department" in excinfo.value.message_dict
        assert not Membership.objects.filter(user=user).exists()

    def test_e_mail_is_the_login_and_unique_regardless_of_case(self, bob):
        assert User.USERNAME_FIELD == "email"
        with pytest.raises(ValidationError):
            services.user_create(email="BOB@fjordbo.example", password="Hemmelig-kode-1")

    def test_name_falls_back_to_e_mail(self):
        user = services.user_create(email="uden.navn@example.dk", password=None)
        assert user.name == "uden.navn@example.dk"
        assert not user.has_usable_password()

    def test_job_functions_are_seeded(self):
        from organisations.models import JobFunction

        assert set(JobFunction.objects.values_list("name", flat=True)) >= {
            "Projektleder",
            "Driftschef",
            "Ejendomsfunktionær",
            "Boligsocial medarbejder",
            "Udlejningsmedarbejder",
            "Administrativ medarbejder",
            "Beboervalgt",
            "Frivillig",
        }
