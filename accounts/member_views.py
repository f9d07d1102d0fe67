"""Who belongs to a council: council admins see members and invitations, invite by email, remove members.
Accepting an invitation needs no sign-in: the link is the proof."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.access import PLAN_MANAGERS, council_access
from accounts.forms import AcceptInvitationForm, InviteForm
from accounts.models import Invitation, Membership, Role
from accounts.pages import council_page


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request, slug):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    # "Invite this lead" (return status) arrives with the lead's address filled in.
    suggested = {"email": request.GET["email"], "role": Role.OFFICER} if request.GET.get("email") else None
    form = InviteForm(request.POST or None, initial=suggested)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.member_invite(
                council=access.council,
                user=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("invitation_accept", args=[token])
                ),
            )
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            if invitation.email_sent is not False:  # None: it goes when the invitation is committed
                messages.success(request, f"Invitation sent to {invitation.email}.")
            else:
                messages.error(
                    request,
                    f"The invitation for {invitation.email} is kept, but its email could not be sent: "
                    "the mail server did not answer. Invite them again later to send it.",
                )
            return redirect("member_list", slug)
    members = (
        Membership.objects.filter(council=access.council).select_related("user").order_by("user__username")
    )
    invitations = Invitation.objects.filter(council=access.council, accepted_at__isnull=True).order_by(
        "-created_at"
    )
    return council_page(
        request,
        "accounts/member_list.html",
        access,
        form=form,
        members=members,
        invitations=[(i, i.is_open_on(timezone.now())) for i in invitations],
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    """GET asks "Remove … from …?"; the POST from that page removes."""
    access = council_access(request.user, slug, PLAN_MANAGERS)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, council=access.council)
    if request.method == "GET":
        return council_page(request, "accounts/member_remove.html", access, membership=membership)
    try:
        services.member_remove(membership=membership, user=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{membership.user.get_username()} is no longer a member of {access.council.name}."
        )
    return redirect("member_list", slug)


def _open_invitation(request, slug, pk):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    return get_object_or_404(Invitation, pk=pk, council=access.council, accepted_at__isnull=True)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    """Send an invitation again: a new link (the old one stops working) and a new week to accept it."""
    invitation = _open_invitation(request, slug, pk)
    try:
        services.invitation_resend(
            invitation=invitation,
            user=request.user,
            accept_url=lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token])),
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect("member_list", slug)


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    """Cancel an invitation: its link stops working now."""
    invitation = _open_invitation(request, slug, pk)
    try:
        services.invitation_cancel(invitation=invitation, user=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The invitation to {invitation.email} is cancelled: its link no longer works."
        )
    return redirect("member_list", slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = Invitation.objects.filter(token=token).select_related("council").first()
    usable = invitation is not None and invitation.is_open_on(timezone.now())
    form = AcceptInvitationForm(request.POST or None, email=invitation.email if invitation else "")
    if usable and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.invitation_accept(
                token=token,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except services.MembershipError as error:
            form.add_error("username" if "username" in str(error) else None, str(error))
        else:
            login(request, account, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.council.name}'s DSG recovery plan.")
            return redirect("council_dashboard", invitation.council.slug)
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "usable": usable, "form": form},
        status=200 if usable else 410,
    )
