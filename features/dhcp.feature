Feature: Addresses, options and boot files for the site's clients
  The pair leases addresses from each segment's pools, with the options the
  site gives that segment, on the segments it sits on and on those behind the
  router's DHCP relay alike. Reserved machines get their own address and
  name; machines that boot from the network get a boot file their firmware
  can run. Every expected address, option and lease time comes from
  site.yaml.

  Scenario: A new client on every segment gets a lease with its segment's options
    When a new client on each segment that serves DHCP asks for a lease
    Then every client gets an address from its segment's pools, from one of the pair
    And every lease carries its segment's routers, DNS and NTP servers, domain name, search list and lease time
    And udhcpc on each of those segments gets a lease with the same options

  @needs-reservation
  Scenario: Reserved machines get their own address and name
    When each machine with a reservation asks for a lease on its segment
    Then every one gets its reserved address and host name

  Scenario: A lease is renewed by the server that granted it and freed by its release
    When a client on each segment that serves DHCP takes a lease, renews it and releases it
    Then every renewal is acknowledged by the server that granted the lease, for the same address and the segment's lease time
    And the pair's lease records show every renewal extended its lease
    And after each release neither node holds a lease for the address

  @needs-fillable-pool @fills-a-pool
  Scenario: A full pool turns a new client away, and takes clients again once freed
    Given perfdhcp has leased every free address of the segment with the smallest pool
    When a new client on that segment asks for a lease
    Then it gets no offer
    When the leases perfdhcp took are deleted from both nodes
    And a new client on that segment asks for a lease
    Then it gets an address from the segment's pools

  @needs-pxe
  Scenario: Machines that boot from the network get a boot file they can run
    When an iPXE client and a BIOS PXE client on each segment that serves DHCP ask for a lease
    Then every iPXE client is sent the dispatch script over HTTP from the node that answered
    And every BIOS client is sent the iPXE binary for BIOS from the node that answered
    And every boot file can be fetched from where the lease points
