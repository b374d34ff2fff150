@needs-candidate
Feature: Upgrading the pair to a candidate deployment
  An upgrade goes one node at a time: the standby boots the site's
  candidate deployment first and must pass the service checks on what the
  candidate declares (its records, its lease times) before the primary
  follows. Each node keeps the site as written to roll back to, and a
  client probing all along sees the pair never both down. A candidate that
  breaks the service is caught by the same checks and rolled back.

  Scenario: The standby, then the primary, boot the candidate while clients are served
    Given a client on the site's first segment probes DNS, NTP and DHCP continuously
    When the standby is upgraded to the site's candidate deployment
    Then the standby passes the service checks, including what the candidate changes
    And the standby boots the candidate, with the site as written to roll back to
    When the primary is upgraded to the site's candidate deployment
    Then the primary passes the service checks, including what the candidate changes
    And the primary boots the candidate, with the site as written to roll back to
    And while the nodes rebooted one at a time, no DNS query went unanswered and no NTP poll went without time
    And new DHCP clients went unserved no longer than a reboot allows

  @needs-broken-candidate
  Scenario: A candidate that breaks forwarding is caught on the standby and rolled back
    Given a client on the site's first segment probes DNS, NTP and DHCP continuously
    When the standby is upgraded to the candidate that breaks forwarding
    Then the service checks fail on the standby: it no longer forwards names outside the site
    And the standby is rolled back
    And the standby passes the service checks on the site as written
    And while the nodes rebooted one at a time, no DNS query went unanswered and no NTP poll went without time
    And new DHCP clients went unserved no longer than a reboot allows
